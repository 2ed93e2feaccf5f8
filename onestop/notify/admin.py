from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, WeChatBinding


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Delivery status of every notification. Dead ones (given up after the maximum number of
    attempts) are listed under the status filter and can be retried."""

    list_display = ["created_at", "recipient", "channel", "code", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel", "code"]
    list_select_related = ["recipient"]
    search_fields = ["code", "recipient__username", "case__number"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("notify.change_notification")

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request, queryset):
        count = sum(1 for n in queryset if services.notification_retry_now(notification=n, by=request.user))
        self.message_user(
            request,
            ngettext("%(count)d notification queued again.", "%(count)d notifications queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(WeChatBinding)
class WeChatBindingAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
