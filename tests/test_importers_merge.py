"""One person, one contact; the `infoview import` commands; URL/e-mail normalization."""

from __future__ import annotations

import json
from urllib.parse import quote

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from shared_fixtures import fx

from infoview_analysis.cli import main
from infoview_analysis.core.identity import normalize_email, normalize_linkedin_url
from infoview_analysis.importers.batch import Batch
from infoview_analysis.importers.merge import merge_people
from infoview_analysis.importers.records import event_frame, people_frame
from infoview_analysis.loading.load import load_log


def batch(**columns) -> Batch:
    n = len(columns["name"])
    rows = np.arange(2, n + 2)
    columns.setdefault("_key", [f"f#{r}" for r in rows])
    columns.setdefault("source", "linkedin")
    return Batch(people=people_frame("f.csv", rows, **columns))


# ----------------------------------------------------------------------------- merge rules


def test_merge_by_email_then_url_then_name_and_org():
    b = batch(
        name=["Ana Ruiz", "Ana R.", "Ana Ruiz", "Bo Li", "BO LI", "Cy Do"],
        email=["ana@x.org", "ANA@x.org", None, None, None, None],
        linkedin_url=[
            None,
            "https://linkedin.com/in/ana",
            "https://www.linkedin.com/in/ANA/",
            None,
            None,
            None,
        ],
        organization=[None, None, None, "Acme Inc.", "acme", None],
    )
    r = merge_people(b, "me")
    assert len(r.contacts) == 3
    merged = r.report[r.report["action"] == "merged"].set_index("contact_id")
    assert merged.loc["ana-ruiz", "count"] == 3
    assert merged.loc["ana-ruiz", "key"] == "email, linkedin_url"
    assert merged.loc["bo-li", "key"] == "name+organization"


def test_different_profile_urls_are_never_merged_and_are_reported():
    b = batch(
        name=["Ana Ruiz", "Ana Ruiz", "Ana Ruiz"],
        organization=["Acme", "Acme", None],
        linkedin_url=[
            "https://www.linkedin.com/in/ana-1",
            "https://www.linkedin.com/in/ana-2",
            None,
        ],
    )
    r = merge_people(b, "me")
    assert len(r.contacts) == 3
    amb = r.report[r.report["action"] == "ambiguous"]
    assert set(amb["key"]) == {"name+organization", "name"}
    assert sorted(r.contacts["contact_id"]) == ["ana-ruiz", "ana-ruiz-2", "ana-ruiz-3"]


def test_name_only_record_joins_the_single_contact_with_that_name():
    b = batch(
        name=["Ana Ruiz", "ana  ruiz", "Bo Li", "Bo Li", "Bo Li"],
        organization=["Acme", None, "X", "Y", None],
        _key=["c#1", "m#1", "c#2", "c#3", "m#2"],
    )
    b.events = event_frame(
        "m.csv",
        np.array([2, 3]),
        _key=["m#1", "m#2"],
        date=pd.to_datetime(["2026-01-01", "2026-01-02"]),
        type="outreach",
        channel="linkedin",
    )
    r = merge_people(b, "me")
    assert sorted(r.contacts["contact_id"]) == ["ana-ruiz", "bo-li", "bo-li-2", "bo-li-3"]
    assert r.events.set_index("date").loc[pd.Timestamp("2026-01-01"), "contact_id"] == "ana-ruiz"
    amb = r.report[(r.report["action"] == "ambiguous") & (r.report["key"] == "name")]
    assert len(amb) == 1 and amb["name"].iloc[0] == "bo li"


def test_nothing_dropped_silently_left_out_rows_are_in_the_report():
    b = batch(name=["Ana"])
    b.left_out = pd.DataFrame(
        {"file": ["f.csv"], "reason": ["draft"], "count": [3], "rows": ["4, 5, 6"]}
    )
    r = merge_people(b, "me")
    out = r.report[r.report["action"] == "left_out"]
    assert out["count"].tolist() == [3] and out["detail"].tolist() == ["draft"]


# ----------------------------------------------------------------------------- commands


def test_import_commands_write_tables_load_log_reads_back(tmp_path):
    out = tmp_path / "net"
    runner = CliRunner()
    r1 = runner.invoke(
        main,
        [
            "import",
            "linkedin",
            str(fx("linkedin_2018_Connections.csv")),
            str(fx("linkedin_2018_Invitations.csv")),
            str(fx("linkedin_2018_Messages.csv")),
            "--owner",
            "s1",
            "--out",
            str(out),
            "--tz",
            "UTC",
        ],
    )
    assert r1.exit_code == 0, r1.output
    assert (
        "left out: 9 records" in r1.output and "conversation the owner never wrote in" in r1.output
    )
    r2 = runner.invoke(
        main,
        [
            "import",
            "vcard",
            str(fx("vcard30_rfc2426_edge_cases.vcf")),
            "--owner",
            "s1",
            "--out",
            str(out),
        ],
    )
    assert r2.exit_code == 0, r2.output
    r3 = runner.invoke(
        main,
        [
            "import",
            "google",
            str(fx("google_contacts_legacy_minimal.csv")),
            "--owner",
            "s1",
            "--out",
            str(out),
            "--source",
            "friend",
        ],
    )
    assert r3.exit_code == 0, r3.output
    ics = tmp_path / "m.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20260105T150000Z\r\n"
        "DTEND:20260105T153000Z\r\nORGANIZER;CN=R:mailto:Rich@Caltech.edu\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    args = [
        "import",
        "ics",
        str(ics),
        "--owner",
        "s1",
        "--out",
        str(out),
        "--tz",
        "UTC",
        "--since",
        "2026-01-01",
        "--until",
        "2026-02-01",
    ]
    r4 = runner.invoke(main, args)
    assert r4.exit_code == 0, r4.output
    log = load_log(out)
    assert len(log.contacts) == 48 + 1 + 3
    meeting = log.events[log.events["type"] == "meeting"]
    assert meeting["contact_id"].astype(str).tolist() == ["richard-feynman"]
    assert meeting["duration_min"].tolist() == [30.0]
    assert log.contacts.set_index("contact_id").loc["richard-feynman", "source"] == "friend"
    # importing the same calendar again doubles nothing, and says so
    r5 = runner.invoke(main, args)
    assert r5.exit_code == 0 and "same event already imported" in r5.output
    assert len(load_log(out).events) == len(log.events)
    report = json.loads((out / "merge_report.json").read_text())
    assert {row["action"] for row in report["report"]} <= {"merged", "ambiguous", "left_out"}
    assert not list(out.glob(".*"))  # no temporary files left behind


def test_import_mangled_file_exits_1_without_traceback(tmp_path):
    out = tmp_path / "net"
    result = CliRunner().invoke(
        main,
        [
            "import",
            "linkedin",
            str(fx("linkedin_2021_Connections_mangled_noheader.csv")),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "First Name" in result.output and "Connected On" in result.output
    assert not (out / "contacts.csv").exists()


# ----------------------------------------------------------------------------- normalization properties

slugs = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters="-_’é"),
    min_size=1,
    max_size=30,
)


@given(
    slug=slugs,
    scheme=st.sampled_from(["", "http://", "https://", "HTTPS://"]),
    host=st.sampled_from(
        ["linkedin.com", "www.linkedin.com", "WWW.LinkedIn.COM", "de.linkedin.com"]
    ),
    tail=st.sampled_from(["", "/", "//", "/?trk=abc", "/details/experience/"]),
    encode=st.booleans(),
    upper=st.booleans(),
)
def test_profile_url_spellings_fold_to_one(slug, scheme, host, tail, encode, upper):
    canonical = normalize_linkedin_url(pd.Series([f"https://www.linkedin.com/in/{slug}"])).iloc[0]
    path = quote(slug, safe="") if encode else slug
    if upper and not encode:  # ASCII only: case folding of e.g. Turkish ı is not reversible
        path = "".join(c.upper() if c.isascii() else c for c in path)
    variant = f"{scheme}{host}/in/{path}{tail}"
    assert normalize_linkedin_url(pd.Series([variant])).iloc[0] == canonical


@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=20))
def test_url_normalization_is_idempotent_and_total(values):
    once = normalize_linkedin_url(pd.Series(values, dtype=object))
    twice = normalize_linkedin_url(once)
    assert len(once) == len(values)
    assert once.fillna("<NA>").tolist() == twice.fillna("<NA>").tolist()


@given(
    local=st.from_regex(r"[a-z0-9._]{1,12}", fullmatch=True),
    domain=st.from_regex(r"[a-z]{1,8}\.[a-z]{2,4}", fullmatch=True),
)
def test_email_case_and_mailto_do_not_matter(local, domain):
    plain = f"{local}@{domain}"
    variants = pd.Series([plain, f" MAILTO:{plain.upper()} ", f"<{plain}>"])
    assert normalize_email(variants).tolist() == [plain] * 3
