"""Google Contacts CSV and vCard importers against the shared real export files."""

from __future__ import annotations

import pandas as pd
import pytest
from shared_fixtures import fx

from infoview_analysis.core.problems import LogError
from infoview_analysis.importers.google import read_google_contacts
from infoview_analysis.importers.vcard import parse_line, read_vcard, unfold


def left(batch, reason_start: str) -> int:
    lo = batch.left_out
    return int(lo.loc[lo["reason"].str.startswith(reason_start), "count"].sum())


# ----------------------------------------------------------------------------- Google


def test_google_legacy_2018_multi_values_and_multiline_notes():
    b = read_google_contacts(fx("google_contacts_legacy_2018_excerpt.csv"))
    assert len(b.people) == 26 and left(b, "no name, e-mail or profile URL") == 1
    p = b.people.set_index("_row")
    # " ::: " in one slot and a second slot: all addresses kept, the first is the e-mail
    assert p.loc[5, "name"] == "1&1 Lzfkmzkf Lzp"
    assert p.loc[5, "email"] == "redacted52@example.invalid"
    assert p.loc[5, "other_emails"] == "redacted53@example.invalid;redacted54@example.invalid"
    # multi-line quoted Notes do not split rows: the next row is where it should be
    assert p.loc[15, "name"] == "TLMFKC LZFKMZKF PKZFKM FOCC UMKK"
    assert p.loc[16, "name"] == "TLMFKC RTCEK TNNKN WKMRLPK PKZFKM FOCC UMKK"
    assert pd.isna(p.loc[24, "name"]) and p.loc[24, "email"] == "redacted63@example.invalid"
    assert p.loc[26, "name"] == "AoDz No GtMMlC AoDz È Nt HekCk yKlFo"
    assert (b.people["source"] == "other").all()


def test_google_minimal_nameless_row():
    b = read_google_contacts(fx("google_contacts_legacy_minimal.csv"), source="friend")
    assert b.people["email"].tolist() == [
        "rich@caltech.edu",
        "iforgotthisguysnamebutihavehisemail@gmail.com",
        "elon.musk@tesla.com",
    ]
    assert b.people["name"].tolist()[0] == "Richard Feynman"
    assert pd.isna(b.people["name"].iloc[1])
    assert (b.people["source"] == "friend").all()


def test_google_multiline_address_cjk():
    b = read_google_contacts(fx("google_contacts_legacy_sample_multiline_address.csv"))
    (row,) = b.people.to_dict("records")
    assert row["name"] == "二狗王"
    assert (row["organization"], row["role"]) == ("UMass", "student")
    assert row["location"] == "Dongcheng Qu, Beijing Shi, CN"
    assert row["email"] == "wangergou@umass.edu"
    assert row["other_emails"] == "wangergou@google.com;haha@ha.com"


def test_google_current_headers_and_linkedin_website(tmp_path):
    f = tmp_path / "contacts.csv"
    f.write_text(
        "First Name,Middle Name,Last Name,Organization Name,Organization Title,Labels,"
        "E-mail 1 - Label,E-mail 1 - Value,Website 1 - Label,Website 1 - Value,Notes\n"
        "Ana,,Ruiz,Acme,CTO,* myContacts,Work,ana@x.org,Profile,"
        'https://www.linkedin.com/in/Ana-Ruiz/ ::: https://ana.dev,"two\nlines"\n'
    )
    b = read_google_contacts(f)
    (row,) = b.people.to_dict("records")
    assert (row["name"], row["organization"], row["role"]) == ("Ana Ruiz", "Acme", "CTO")
    assert row["linkedin_url"] == "https://www.linkedin.com/in/ana-ruiz"


def test_google_unrecognized_file_is_an_error(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("foo,bar\n1,2\n")
    with pytest.raises(LogError) as info:
        read_google_contacts(f)
    assert "E-mail 1 - Value" in str(info.value)


# ----------------------------------------------------------------------------- vCard


def test_vcard30_icloud_groups_and_lowercase_params():
    b = read_vcard(fx("vcard30_icloud_ios_sample.vcf"))
    assert b.people["name"].tolist() == ["Antonion", "Jimmy Aun", "San Zhang", "Benjamin"]
    assert b.people["_row"].tolist() == [1, 9, 18, 28]
    prop = parse_line("item1.TEL;type=pref:+1 (413)210-1156", 13)
    assert (prop.group, prop.name, prop.value) == ("item1", "TEL", "+1 (413)210-1156")


def test_vcard30_rfc2426_folding_escapes_agent():
    b = read_vcard(fx("vcard30_rfc2426_edge_cases.vcf"))
    (row,) = b.people.to_dict("records")
    assert row["name"] == "Mr. John Q. Public, Esq."
    assert row["organization"] == "ABC, Inc."
    assert row["role"] == "Director, Research and Development"
    assert row["location"] == "Any Town, CA"  # folded ADR line
    assert row["email"] == "jane_doe@abc.com"  # TYPE=internet,pref first
    assert row["other_emails"] == "jqpublic@xyz.dom1.com;jdoe@isp.net"
    assert b.counts["embedded AGENT cards (part of another card, not imported)"] == 1
    lines = dict(unfold(fx("vcard30_rfc2426_edge_cases.vcf").read_text()))
    assert lines[41].startswith("NOTE:This fax number is operational 0800 to 1715 EST\\, Mon-Fri.")


def test_vcard40_all_properties():
    b = read_vcard(fx("vcard40_rfc6350_all_props.vcf"))
    (row,) = b.people.to_dict("records")
    assert (row["name"], row["organization"], row["role"]) == (
        "J. Doe",
        "ABC, Inc.",
        "Research Scientist",
    )
    assert row["email"] == "jqpublic@xyz.example.com"
    assert row["location"] == "city, state, country"


def test_vcard_kind_group_and_unterminated_card(tmp_path):
    f = tmp_path / "g.vcf"
    f.write_text("BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Team\nEND:VCARD\n")
    b = read_vcard(f)
    assert len(b.people) == 0 and left(b, "KIND group") == 1
    # One bad card never sinks the file: an unterminated card is closed and said so.
    bad = tmp_path / "bad.vcf"
    bad.write_text("BEGIN:VCARD\nFN:Ana\n")
    b = read_vcard(bad)
    assert b.people["name"].tolist() == ["Ana"]
    assert b.notes[["reason", "rows"]].values.tolist() == [
        ["END:VCARD missing at the end of the file", "line 1"]
    ]
    nothing = tmp_path / "nothing.vcf"
    nothing.write_text("just a note\n")
    with pytest.raises(LogError) as info:
        read_vcard(nothing)
    assert "BEGIN:VCARD" in info.value.problems[0].expected
