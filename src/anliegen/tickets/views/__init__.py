"""The ticket pages of the staff web UI (TKT): intake, list, ticket, team controlling."""
