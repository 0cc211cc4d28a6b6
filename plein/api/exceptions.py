"""The one place that shapes API errors: {"detail": ..., "parameter": ...} for bad input."""

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(APIException):
    """A query or path parameter that the endpoint cannot use; names the parameter."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, parameter: str, message):
        super().__init__(detail=message)
        self.parameter = parameter


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ParameterError):
        response.data = {"detail": str(exc.detail), "parameter": exc.parameter}
    return response
