"""Every API error as JSON with a message (and, for bad query parameters, the
messages by parameter): Django REST framework's handler, reshaped."""

from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's own handling (a 500 page)
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = {"message": str(data["detail"])}
    elif isinstance(data, dict):
        errors = {
            name: [str(m) for m in _listed(messages)] for name, messages in data.items()
        }
        named = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in errors.items()
        )
        response.data = {"message": f"Bad query parameter. {named}", "errors": errors}
    else:
        response.data = {"message": " ".join(str(m) for m in _listed(data))}
    return response


def _listed(messages):
    return messages if isinstance(messages, list) else [messages]
