"""PlainFieldsSerializer builds the same fields as DRF's deep copy, one set per instance."""

import pytest
from rest_framework import serializers

from onestop.core.api import PlainFieldsSerializer
from onestop.hotline.serializers import IntakeSerializer


class _DeepCopied(serializers.Serializer):
    pass


# the same declared fields under DRF's own field copying
_DeepCopied._declared_fields = IntakeSerializer._declared_fields

CASES = [
    {"description": "No water since this morning", "district": "east", "latitude": "39.9", "longitude": "116.4"},
    {"description": "x" * 5001},
    {"description": "Noise", "request_type": "nonsense", "channel": "fax"},
    {"description": "Noise", "contact_email": "not-an-e-mail", "latitude": "abc"},
    {},
]


@pytest.mark.parametrize("data", CASES)
def test_validation_is_the_same_as_with_deep_copied_fields(data):
    plain, deep = IntakeSerializer(data=data), _DeepCopied(data=data)
    assert plain.is_valid() == deep.is_valid()
    assert plain.errors == deep.errors
    if not plain.errors:
        assert plain.validated_data == deep.validated_data


def test_each_instance_has_its_own_bound_fields():
    first, second = IntakeSerializer(data={}), IntakeSerializer(data={})
    assert first.fields["description"] is not second.fields["description"]
    assert first.fields["description"].parent is first and second.fields["description"].parent is second
    assert isinstance(IntakeSerializer(), PlainFieldsSerializer)
