"""The Django admin: all models registered; audit/access log read-only (FND-10); rule sets only
get new versions through the action (FND-09); staff with FTE, skills, deputy and roles (FND-02)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.rules.models import RuleSet
from tests.web.helpers import html

OUR_APPS = ("core", "org", "customers", "work", "rules", "audit", "api")


@pytest.fixture
def superuser(world):  # type: ignore[no-untyped-def]
    user = world.admin
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_every_model_is_registered():  # type: ignore[no-untyped-def]
    missing = [
        model._meta.label
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry
    ]
    assert missing == []


def test_admin_pages_render(client, superuser, customer):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", [AuditEntry, AccessEntry])
def test_audit_records_are_read_only(client, superuser, customer, model):  # type: ignore[no-untyped-def]
    """FND-10: no add, change or delete — not even for a superuser."""
    from anliegen.audit.actions import log_customer_view, record

    record(actor=superuser, organisation=customer.organisation, action="x.test", obj=customer)
    log_customer_view(actor=superuser, customer=customer, via="web")
    client.force_login(superuser)
    model_admin = admin.site._registry[model]
    request = type("R", (), {"user": superuser})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    entry = model.objects.first()
    info = model._meta.app_label, model._meta.model_name
    change_url = reverse("admin:{}_{}_change".format(*info), args=[entry.pk])
    assert client.get(change_url).status_code == 200  # viewing is fine
    assert client.post(change_url, {"action": "changed"}).status_code == 403
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    assert (
        client.get(reverse("admin:{}_{}_delete".format(*info), args=[entry.pk])).status_code == 403
    )


def test_opening_a_customer_in_the_admin_is_logged(client, superuser, customer):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    client.get(reverse("admin:customers_customer_change", args=[customer.pk]))
    assert AccessEntry.objects.filter(customer=customer, via="admin").count() == 1


def _ruleset_post(world, **data):  # type: ignore[no-untyped-def]
    return {
        "organisation": world.org.pk,
        "key": "tickets",
        "valid_from": "2027-01-01",
        "data": '{"benefits_working_days": 4}',
        "note": "Neue Dienstvereinbarung",
        **data,
    }


def test_rule_set_add_creates_a_new_version_through_the_action(client, superuser, world):  # type: ignore[no-untyped-def]
    """FND-09: "add" stores version n+1 (audited); existing versions are never edited."""
    client.force_login(superuser)
    before = RuleSet.objects.get(organisation=world.org, key="tickets")
    response = client.post(reverse("admin:rules_ruleset_add"), _ruleset_post(world))
    assert response.status_code == 302
    new = RuleSet.objects.filter(organisation=world.org, key="tickets").exclude(pk=before.pk).get()
    assert (new.version, new.valid_from) == (before.version + 1, dt.date(2027, 1, 1))
    assert new.data["benefits_working_days"] == 4
    assert new.data["integration_working_days"] == 2  # schema defaults filled in
    assert new.created_by == superuser
    assert AuditEntry.objects.filter(action="rules.version_created", object_id=str(new.pk)).exists()
    before.refresh_from_db()
    assert before.data["benefits_working_days"] == 5
    change_url = reverse("admin:rules_ruleset_change", args=[before.pk])
    assert client.post(change_url, _ruleset_post(world)).status_code == 403


def test_rule_set_data_is_validated_against_the_schema(client, superuser, world):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    count = RuleSet.objects.count()
    response = client.post(
        reverse("admin:rules_ruleset_add"),
        _ruleset_post(world, data='{"benefits_working_days": 0}'),
    )
    assert response.status_code == 200
    assert "benefits_working_days" in html(response)
    assert RuleSet.objects.count() == count


def test_rule_set_new_version_is_prefilled_from_an_existing_one(client, superuser, world):  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    source = RuleSet.objects.get(organisation=world.org, key="reactions")
    view = html(client.get(reverse("admin:rules_ruleset_change", args=[source.pk])))
    assert f"/admin/rules/ruleset/add/?from={source.pk}" in view
    add = html(client.get(reverse("admin:rules_ruleset_add"), {"from": source.pk}))
    assert "resolution_calendar_days" in add
    assert '<option value="reactions" selected>' in add


def test_user_admin_has_work_fields_and_roles(client, superuser, world):  # type: ignore[no-untyped-def]
    """FND-02: working-time share, skills, standing deputy and the memberships inline."""
    client.force_login(superuser)
    page = html(client.get(reverse("admin:org_user_change", args=[world.worker2.pk])))
    for name in ('name="fte"', 'name="skills"', 'name="deputy"', 'name="memberships-0-role"'):
        assert name in page
    assert 'value="0.50"' in page
