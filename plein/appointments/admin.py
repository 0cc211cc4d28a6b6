from django.contrib import admin

from plein.appointments.models import AppointmentSettings


@admin.register(AppointmentSettings)
class AppointmentSettingsAdmin(admin.ModelAdmin):
    list_display = ("library", "appointment_retention_days")
