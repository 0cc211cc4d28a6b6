from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler; kept as the one place to shape API errors."""
    return drf_exception_handler(exc, context)
