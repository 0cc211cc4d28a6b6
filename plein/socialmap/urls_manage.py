from django.urls import path

from plein.socialmap.views import manage

urlpatterns = [
    path("beheer/actualiteit/", manage.freshness, name="freshness"),
    path("beheer/organisaties/", manage.organizations, name="manage_organizations"),
    path("beheer/organisaties/nieuw/", manage.organization_new, name="manage_organization_new"),
    path("beheer/organisaties/<uuid:pk>/", manage.organization_edit, name="manage_organization"),
    path(
        "beheer/organisaties/<uuid:pk>/archief/",
        manage.organization_archive,
        name="manage_organization_archive",
    ),
    path(
        "beheer/organisaties/<uuid:pk>/diensten/nieuw/",
        manage.service_new,
        name="manage_service_new",
    ),
    path(
        "beheer/organisaties/<uuid:pk>/uitnodigen/",
        manage.organization_invite,
        name="manage_organization_invite",
    ),
]
