"""Documents that go to customers: iCalendar files now; letters (docx/PDF) with KRM and KON."""
