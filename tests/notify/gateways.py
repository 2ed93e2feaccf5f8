"""Test gateways plugged in through NOTIFY_SMS_BACKEND."""

from onestop.notify.channels import DeliveryError, Gateway


class FlakyGateway(Gateway):
    """Fails ``failures_left`` times, then delivers; records what it delivered."""

    channel = "sms"
    failures_left = 0
    delivered: list = []

    def send(self, *, to, subject, body, reference):
        if FlakyGateway.failures_left > 0:
            FlakyGateway.failures_left -= 1
            raise DeliveryError("gateway down (HTTP 503)")
        FlakyGateway.delivered.append({"to": to, "subject": subject, "reference": reference})
        return f"flaky-{reference}"


class LeakyErrorGateway(Gateway):
    channel = "sms"

    def send(self, *, to, subject, body, reference):
        raise DeliveryError("provider rejected holder 110101199003074514")
