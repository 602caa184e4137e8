"""Settings: ``base`` (shared), ``local`` (the default), ``test`` and ``production``.

Every value that comes from the environment is read in :mod:`probity.web.settings.environment`.
"""
