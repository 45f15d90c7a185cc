"""The token endpoint: DRF's ObtainAuthToken, signing in under the sign-in lockout (django-axes).

DRF hands ``authenticate`` its own Request; django-axes marks a locked-out sign-in on the request it is
given and its middleware reads the mark on Django's HttpRequest. Passing the HttpRequest lets the lockout
answer the token endpoint exactly as it answers the login pages (429, factcheck.network.locked_out). A
successful token sign-in announces ``user_logged_in`` as a login page does, so earlier failures are cleared
(AXES_RESET_ON_SUCCESS) and ``last_login`` is kept.
"""

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from claims.api.errors import BAD_REQUEST, LOCKED_OUT, TOO_LARGE, UNAUTHORIZED

TOKEN = inline_serializer("Token", {"token": serializers.CharField(help_text="Send it as "
                                                                             "``Authorization: Token <token>``.")})


class TokenView(ObtainAuthToken):
    """POST username and password: ``{"token": ...}``; 400 for wrong ones; 429 while locked out.

    Open: no credentials are needed to get a token (the schema says so with an empty ``security``). A bad
    token sent anyway is refused with 401, as on every endpoint. JSON bodies only, as on the whole API.
    """

    parser_classes = [JSONParser]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        summary="Get a token from a username and password", auth=[], request=AuthTokenSerializer,
        responses={200: TOKEN, 400: BAD_REQUEST, 401: UNAUTHORIZED, 413: TOO_LARGE, 429: LOCKED_OUT},
    )
    def post(self, request, *args, **kwargs):
        # ObtainAuthToken.post, plus the user_logged_in announcement.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _ = Token.objects.get_or_create(user=user)
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"token": token.key})
