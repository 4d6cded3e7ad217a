"""Settings of the soak run (``make soak``): production settings plus a file mailbox.

Every notification e-mail the task workers send is written by Django's file backend to
``$SOAK_OUT/mail/`` (``SOAK_MAIL_DIR``) (one file per sent message batch), so ``verify.py`` can count the messages
per notification afterwards. Nothing else differs from production.
"""

from __future__ import annotations

import os
from pathlib import Path

from anliegen.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get(
    "SOAK_MAIL_DIR", str(Path(os.environ.get("SOAK_OUT", "var/soak")).resolve() / "mail")
)
