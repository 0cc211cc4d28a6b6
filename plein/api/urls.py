from django.urls import include, path

from plein.api.views import (
    locations,
    organizations,
    root,
    service_at_locations,
    services,
    taxonomies,
)

app_name = "api"

# The HSDS 3.0 read API; paths as in the HSDS OpenAPI document (no trailing slashes).
hsds_urls = [
    path("", root.RootView.as_view(), name="hsds-root"),
    path("services", services.ServiceListView.as_view(), name="hsds-services"),
    path("services/<str:id>", services.ServiceDetailView.as_view(), name="hsds-service"),
    path(
        "organizations",
        organizations.OrganizationListView.as_view(),
        name="hsds-organizations",
    ),
    path(
        "organizations/<str:id>",
        organizations.OrganizationDetailView.as_view(),
        name="hsds-organization",
    ),
    path(
        "service_at_locations",
        service_at_locations.ServiceAtLocationListView.as_view(),
        name="hsds-service-at-locations",
    ),
    path(
        "service_at_locations/<str:id>",
        service_at_locations.ServiceAtLocationDetailView.as_view(),
        name="hsds-service-at-location",
    ),
    path("locations", locations.LocationListView.as_view(), name="hsds-locations"),
    path("locations/<str:id>", locations.LocationDetailView.as_view(), name="hsds-location"),
    path("taxonomies", taxonomies.TaxonomyListView.as_view(), name="hsds-taxonomies"),
    path("taxonomies/<str:id>", taxonomies.TaxonomyDetailView.as_view(), name="hsds-taxonomy"),
    path(
        "taxonomy_terms",
        taxonomies.TaxonomyTermListView.as_view(),
        name="hsds-taxonomy-terms",
    ),
    path(
        "taxonomy_terms/<str:id>",
        taxonomies.TaxonomyTermDetailView.as_view(),
        name="hsds-taxonomy-term",
    ),
    path("<path:rest>", root.UnknownPathView.as_view(), name="hsds-unknown"),
]

urlpatterns = [
    path("schema/", root.SchemaView.as_view(), name="schema"),
    path("hsds/", include(hsds_urls)),
]
