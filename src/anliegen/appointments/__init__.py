"""Appointments in the case workers' calendars (KON-06; FND-12 iCalendar)."""
