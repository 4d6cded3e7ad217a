from ninja import NinjaAPI

api = NinjaAPI(title="anliegen API", version="1", urls_namespace="api")
