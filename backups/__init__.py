"""Backup and restore of a whole site: the database and every uploaded file in one archive."""
