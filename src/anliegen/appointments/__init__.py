"""The calendar service: appointments in the case workers' calendars, opening hours, free slots,
booking, iCalendar files (FND-12). Knows no procedure (issue 10)."""
