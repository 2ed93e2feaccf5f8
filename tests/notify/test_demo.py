import pytest

from onestop.notify import demo
from onestop.notify.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_welcomes_every_user_once_in_their_language(make_user):
    german, chinese = make_user(language="de"), make_user(language="zh-hans")
    world = {"users": {"a": german, "b": chinese}}
    demo.seed(world)
    demo.seed(world)
    assert Notification.objects.filter(code="notify.welcome").count() == 2
    assert Notification.objects.get(recipient=german).subject == "Willkommen bei OneStop"
    assert Notification.objects.get(recipient=chinese).subject == "欢迎使用 OneStop"
