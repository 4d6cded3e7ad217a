"""Views of the staff web UI, one small module per page (parse, call action/query, render)."""
