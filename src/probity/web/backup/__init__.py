"""Backups of the whole web application: every table Django knows and the files kept beside
the database, in one checked archive (:mod:`.archive`), restored into an empty database of the
same engine (:mod:`.restore`)."""
