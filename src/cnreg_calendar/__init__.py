"""cnreg_calendar: when Chinese cybersecurity, data-protection and cryptography duties fall due."""
