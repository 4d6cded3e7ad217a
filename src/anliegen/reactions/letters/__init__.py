"""The letters of a customer reaction (KRM-05, KRM-08), built on the letters service: the
acknowledgement of receipt, the reply drafts with their approval, the two letter kinds and the
approval policy registered from :class:`~anliegen.reactions.apps.ReactionsConfig`."""
