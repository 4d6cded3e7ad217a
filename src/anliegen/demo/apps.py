from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo installation (FND-13): ``manage.py load_demo`` and ``manage.py demo_logins``."""

    name = "anliegen.demo"
    label = "demo"
    verbose_name = "Demo"
