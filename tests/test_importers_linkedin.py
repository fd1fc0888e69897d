"""LinkedIn importers against the real export files in ../shared/fixtures (read in place)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from shared_fixtures import FIXTURES, fx

from infoview_analysis.core.problems import LogError
from infoview_analysis.importers import linkedin as li

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"shared fixtures folder {FIXTURES} is absent"
)
pytestmark = needs_fixtures


def left(batch, reason_start: str) -> int:
    lo = batch.left_out
    return int(lo.loc[lo["reason"].str.startswith(reason_start), "count"].sum())


def person(batch, name_part: str) -> pd.Series:
    hits = batch.people[batch.people["name"].str.contains(name_part, regex=False, na=False)]
    assert len(hits) == 1, (name_part, hits)
    return hits.iloc[0]


# ----------------------------------------------------------------------------- Connections


def test_connections_2018_six_columns_datetime_and_urn_email():
    b = li.read_connections(fx("linkedin_2018_Connections.csv"))
    assert len(b.people) == 41 and b.left_out["count"].sum() == 0
    first = b.people.iloc[0]
    assert (first["name"], first["email"], first["organization"], first["role"]) == (
        "Pctew Gkmyd",
        "redacted1@example.invalid",
        "ApproveIT",
        "Owner",
    )
    assert first["added_on"] == pd.Timestamp("2018-01-08")
    assert b.people["linkedin_url"].isna().all()  # no URL column in 2018
    assert (b.people["source"] == "linkedin").all()
    # urn:li:member:... in the Email column is not an address
    assert pd.isna(person(b, "Seytv Xtmtwdtm")["email"])
    assert b.counts["connections: Email Address values that are no e-mail (ignored)"] == 1
    # quoted comma in the company
    assert (
        person(b, "Rtlgdtr")["organization"]
        == "The Startup Edge-Entrepreneurship Cell, Ramjas College."
    )


def test_connections_2022_preamble_without_url():
    b = li.read_connections(fx("linkedin_2022-03_Connections_raw_noURL_excerpt.csv"))
    assert len(b.people) == 30 and b.left_out["count"].sum() == 0
    first = b.people.iloc[0]
    assert (first["name"], first["organization"], first["role"]) == (
        "Mlflq Vlwdmt",
        "Hudini",
        "Business Analyst",
    )
    assert first["added_on"] == pd.Timestamp("2022-03-03")
    assert int(first["_row"]) == 5  # header on line 4, after the Notes: preamble
    last = b.people.iloc[-1]
    assert last["name"] == "Lwdttz Yeyctzl" and last["added_on"] == pd.Timestamp("2021-07-05")
    assert b.people["linkedin_url"].isna().all()


def test_connections_2024_05_blank_rows_quotes_emoji():
    b = li.read_connections(fx("linkedin_2024-05_Connections_raw_excerpt.csv"))
    assert len(b.people) + left(b, "no name and no profile URL") == 65
    assert len(b.people) == 51 and left(b, "no name and no profile URL") == 14
    assert person(b, "Tzaect Gtfmt")["linkedin_url"] == "https://www.linkedin.com/in/tzaect-gtfmt"
    assert person(b, "Tzaect Gtfmt")["added_on"] == pd.Timestamp("2024-05-30")
    quoted = person(b, '"Fsckm"')
    assert quoted["name"] == 'Atvkw "Fsckm" Uomflzgkmms'
    assert person(b, "Mtwdvl")["name"] == "Mtwdvl Ztstq, VWp, VGT, XDM"
    # percent-encoded apostrophe decoded in the URL
    assert (
        person(b, "Qkz O’Gmlkz")["linkedin_url"]
        == "https://www.linkedin.com/in/qkz-o’gmlkz-435896237"
    )
    assert person(b, "Wjtxzlc")["organization"] == "Eleventh Hire, Inc."


def test_connections_2024_10_unicode_tab_greek_percent_urls():
    b = li.read_connections(fx("linkedin_2024-10_Connections_raw_excerpt.csv"))
    assert len(b.people) == 39 and left(b, "no name and no profile URL") == 1
    assert b.people.iloc[1]["name"] == "Vlmt Wfkkzdelw-Nttcdelbkz 🍀"
    assert person(b, "Menkzqo")["name"] == "Lyom Menkzqo"  # TAB inside the first name
    assert person(b, "Rlpqs")["organization"] == "ΔΠΜΣ Ζώα: Ηθική, Δίκαιο, Ευζωία"
    assert (
        person(b, "Néwlmék")["linkedin_url"]
        == "https://www.linkedin.com/in/néwlmék-rtz-tnmlpdkv-379g6186"
    )
    assert person(b, "Gkzpk")["added_on"] == pd.Timestamp("2023-06-07")  # no final newline


def test_connections_excel_resave_crlf_no_preamble(tmp_path):
    f = tmp_path / "Connections.csv"
    f.write_bytes(
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz/,,Acme,CTO,6-Feb-26\r\n"
        b",,,,,,5-Feb-26\r\n"
    )
    b = li.read_connections(f)
    assert b.people[["name", "added_on"]].values.tolist() == [
        ["Ana Ruiz", pd.Timestamp("2026-02-06")]
    ]
    assert b.people["linkedin_url"].tolist() == ["https://www.linkedin.com/in/ana-ruiz"]
    assert left(b, "no name") == 1


def test_columns_mapped_by_name_not_position(tmp_path):
    f = tmp_path / "Connections.csv"
    f.write_text("Connected On,Company,Last Name,First Name\n06 Feb 2026,Acme,Ruiz,Ana\n")
    b = li.read_connections(f)
    assert b.people[["name", "organization"]].values.tolist() == [["Ana Ruiz", "Acme"]]


def test_mangled_file_without_header_is_one_clear_error():
    path = fx("linkedin_2021_Connections_mangled_noheader.csv")
    before = path.read_bytes()
    with pytest.raises(LogError) as info:
        li.read_connections(path)
    problems = info.value.problems
    assert len(problems) == 1
    text = str(problems[0])
    assert str(path) in text
    for column in ("First Name", "Last Name", "Company", "Position", "Connected On"):
        assert column in text
    assert "header" in text
    assert path.read_bytes() == before  # input never changed
    # also through the folder/file entry point: an error, never a zero-row success
    with pytest.raises(LogError):
        li.read_export([path], "me")


def test_bad_date_leaves_out_that_row_only_naming_column_and_value(tmp_path):
    f = tmp_path / "Connections.csv"
    f.write_text("First Name,Last Name,Connected On\nAna,Ruiz,someday\nBo,Li,06 Feb 2026\n")
    b = li.read_connections(f)
    assert b.people["name"].tolist() == ["Bo Li"]
    (row,) = b.left_out.itertuples()
    assert (row.file, row.count, row.rows) == (str(f), 1, "2")
    assert row.reason.startswith("Connected On is not a date ('someday'); expected")


def test_bad_dates_in_invitations_and_messages_skip_the_row(tmp_path):
    f = tmp_path / "Invitations.csv"
    f.write_text(
        "From,To,Sent At,Message,Direction\nMe,Ana Ruiz,yesterday,Hi,OUTGOING\n"
        'Me,Bo Li,"2/12/26, 11:44 AM",Hi,OUTGOING\nMe,Cy Do,,Hi,OUTGOING\n'
    )
    b = li.read_invitations(f)
    assert b.people["name"].tolist() == ["Bo Li"]
    assert b.left_out[["count", "rows"]].values.tolist() == [[1, "2"], [1, "4"]]
    assert b.left_out["reason"].tolist()[1] == "no Sent At (a date is needed)"
    m = tmp_path / "messages.csv"
    m.write_text(
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT,FOLDER\n"
        "c1,Me,https://www.linkedin.com/in/me,Ana,2026-01-01 10:00:00 UTC,Hi,INBOX\n"
        "c1,Ana,https://www.linkedin.com/in/ana,Me,not a date,Sure,INBOX\n"
    )
    b = li.read_messages(m, owner_name="Me", tz="UTC")
    assert b.events["type"].tolist() == ["outreach"]
    assert b.left_out["reason"].iloc[0].startswith("DATE is not a date ('not a date')")


# ----------------------------------------------------------------------------- Invitations


def test_invitations_2018_five_columns():
    b = li.read_invitations(fx("linkedin_2018_Invitations.csv"))
    assert len(b.people) == 11
    assert b.counts["invitations sent (outreach)"] == 4
    assert b.counts["invitations received (contact added)"] == 7
    assert (b.events["type"] == "outreach").all() and (b.events["channel"] == "linkedin").all()
    assert b.events["date"].iloc[0] == pd.Timestamp("2018-08-18 09:08")
    assert b.events["notes"].iloc[2] == "dl l tv tgdlwdkq vtfdem umov 3mn sktm"  # trimmed
    viet = person(b, "Zyesễz")
    assert viet["name"] == "Zyesễz Ieâz Pdízd" and viet["added_on"] == pd.Timestamp("2018-07-28")
    assert pd.isna(person(b, "Wtemtgd Qevtm")["added_on"])  # outgoing: not yet connected


def test_invitations_2026_seven_columns_with_urls():
    b = li.read_invitations(fx("linkedin_2026-02_Invitations_excerpt.csv"))
    assert len(b.people) == 26 and len(b.events) == 16
    assert b.counts["invitations received (contact added)"] == 10
    assert person(b, "Tclzt Xtmulctrt")["name"] == "Tclzt Xtmulctrt, PTVW"
    # unencoded non-ASCII URL kept as one spelling
    assert (
        person(b, "Ztykc")["linkedin_url"]
        == "https://www.linkedin.com/in/ztykc-clwâzltw-xteclzo-g0t5492g7"
    )
    incoming = person(b, "Ztfdtz Dtz")
    assert incoming["linkedin_url"] == "https://www.linkedin.com/in/ztfdtz-dtz-67957236t"
    assert incoming["added_on"] == pd.Timestamp("2026-01-28")
    assert b.events["notes"].isna().sum() == 1  # the one empty Message


# ----------------------------------------------------------------------------- messages


def test_messages_2018_legacy_direction_and_subject_threads():
    b = li.read_messages(fx("linkedin_2018_Messages.csv"))
    assert b.counts["messages: owner 'Tgdlwdkq Vtfdem'"] == 1
    assert (b.events["type"] == "outreach").sum() == 8
    assert (b.events["type"] == "reply").sum() == 8
    assert left(b, "conversation the owner never wrote in") == 8  # sponsored InMail etc.
    assert left(b, "owner's later messages") == 1
    assert len(b.events) + b.left_out["count"].sum() == 25  # every row accounted for
    tzea = b.events[b.events["_key"].str.contains("Tzea Xmtwtn", regex=False)]
    assert sorted(tzea["type"]) == ["outreach", "reply", "reply"]  # "MK:" prefix threads together
    assert tzea.loc[tzea["type"] == "outreach", "date"].iloc[0] == pd.Timestamp("2017-11-08 00:55")


def test_messages_2021_nine_columns_sponsored_and_utc():
    b = li.read_messages(fx("linkedin_2021-05_messages_9col.csv"), tz="Europe/Berlin")
    assert b.counts["messages: owner 'Dtmwdlf Ntrk'"] == 1
    assert left(b, "sender is LinkedIn") == 12
    assert left(b, "owner's later messages") == 1
    assert (b.events["type"] == "outreach").sum() == 2
    assert (b.events["type"] == "reply").sum() == 3
    assert len(b.events) + b.left_out["count"].sum() == 18
    assert sorted(b.people["name"]) == ["Mtfdlz M", "Tntmwd Fljtml"]
    # 2021-03-31 18:21:13 UTC is 20:21:13 in Berlin (CEST)
    assert pd.Timestamp("2021-03-31 20:21:13") in set(b.events["date"])
    assert (
        person(b, "Tntmwd")["linkedin_url"] == "https://www.linkedin.com/in/tntmwd-fljtml-333487189"
    )


def test_messages_2026_twelve_columns_drafts_groups_attachments():
    b = li.read_messages(fx("linkedin_2026-02_messages_ATTACHMENTS_excerpt.csv"), tz="UTC")
    assert b.counts["messages: owner 'Lyom Yctvtbnlz'"] == 1
    assert left(b, "draft") == 1
    assert left(b, "sender is LinkedIn") == 4
    assert left(b, "conversation the owner never wrote in") == 2
    assert left(b, "owner's later messages") == 1
    assert len(b.events) + b.left_out["count"].sum() == 12
    assert sorted(b.people["name"]) == ["Joosoezy Xtmq, PUT, UMV", "Wpoff NkTzykclw"]
    scott = b.events[b.events["_key"].str.contains("Y2UyYTJj", regex=False)].sort_values("date")
    assert scott["type"].tolist() == ["reply", "outreach", "reply"]
    assert scott["date"].iloc[1] == pd.Timestamp("2026-02-08 15:41:40")


def test_messages_ten_and_eleven_column_variants_and_groups(tmp_path):
    ten = tmp_path / "messages10.csv"
    ten.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,,Me,https://www.linkedin.com/in/me,Ana,https://www.linkedin.com/in/ana,"
        "2026-01-01 10:00:00 UTC,,Hi,INBOX\n"
        "c1,,Ana,https://www.linkedin.com/in/ana,Me,https://www.linkedin.com/in/me,"
        "2026-01-02 10:00:00 UTC,,Hello,INBOX\n"
        'g1,,Me,https://www.linkedin.com/in/me,"Ana, Bo","https://www.linkedin.com/in/ana,'
        'https://www.linkedin.com/in/bo",2026-01-03 10:00:00 UTC,,All,INBOX\n'
    )
    b = li.read_messages(ten, tz="UTC")
    assert b.events["type"].tolist() == ["outreach", "reply"]
    assert left(b, "group conversation") == 1
    eleven = tmp_path / "messages11.csv"
    eleven.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
        "c1,,Me,https://www.linkedin.com/in/me,Ana,https://www.linkedin.com/in/ana,"
        "2026-01-01 10:00:00 UTC,,Hi,INBOX,No\n"
        "c2,,Me,https://www.linkedin.com/in/me,Bo,https://www.linkedin.com/in/bo,"
        "2026-01-01 11:00:00 UTC,,Draft,DRAFT,Yes\n"
    )
    b = li.read_messages(eleven, tz="UTC")
    assert b.events["type"].tolist() == ["outreach"] and left(b, "draft") == 1


def test_owner_name_option_overrides_the_rule():
    b = li.read_messages(
        fx("linkedin_2021-05_messages_9col.csv"), owner_name="dtmwdlf ntrk", tz="UTC"
    )
    assert b.counts["messages: owner 'Dtmwdlf Ntrk'"] == 1


# ----------------------------------------------------------------------------- endorsements, recommendations


def test_endorsements_utf16_tsv():
    b = li.read_endorsements(fx("linkedin_2022_Endorsement_Received_Info_UTF16_TSV.csv"), tz="UTC")
    assert len(b.people) == 59 and b.people["name"].nunique() == 5
    assert b.people.iloc[0]["name"] == "Tmlu V."
    assert b.people.iloc[2]["added_on"] == pd.Timestamp("2020-06-09")


def test_endorsements_url_without_scheme():
    b = li.read_endorsements(fx("linkedin_2024-12_Endorsement_Received_Info.csv"), tz="UTC")
    assert len(b.people) == 26 and b.people["name"].nunique() == 4
    first = b.people.iloc[0]
    assert first["name"] == "Btpdtms Ntrln Xlqk"
    assert first["linkedin_url"] == "https://jjj.clzqknlz.pov/lz/btpdtms-ntrln-x-360t3g189"
    assert first["added_on"] == pd.Timestamp("2024-12-07")


def test_recommendations_zero_padded_12h_dates():
    b = li.read_recommendations(fx("linkedin_2022_Recommendations_Received.csv"))
    assert len(b.people) == 6
    first = b.people.iloc[0]
    assert (first["name"], first["organization"]) == ("Ytms Covgtmno", "Signify Health")
    assert first["role"] == "Senior Director, Product Management, Data Products"
    assert first["added_on"] == pd.Timestamp("2022-12-09")


# ----------------------------------------------------------------------------- whole exports


def test_read_export_2018_joins_people_across_files(tmp_path):
    for name in (
        "linkedin_2018_Connections.csv",
        "linkedin_2018_Invitations.csv",
        "linkedin_2018_Messages.csv",
    ):
        shutil.copy(fx(name), tmp_path / name)
    result = read_export(tmp_path)
    assert len(result.contacts) == 48
    assert len(result.events) == 20
    seytv = result.contacts[result.contacts["name"] == "Seytv Xtmtwdtm"]
    assert len(seytv) == 1  # connection + invitation + message: one contact
    merged = result.report[result.report["action"] == "merged"]
    row = merged[merged["contact_id"] == seytv["contact_id"].iloc[0]].iloc[0]
    assert row["count"] == 3 and row["key"] == "name"
    log = result.log()
    assert len(log.contacts) == 48 and len(log.events) == 20


def test_read_export_2026_joins_by_profile_url(tmp_path):
    for name in (
        "linkedin_2026-02_Invitations_excerpt.csv",
        "linkedin_2026-02_messages_ATTACHMENTS_excerpt.csv",
    ):
        shutil.copy(fx(name), tmp_path / name)
    result = read_export(tmp_path)
    assert len(result.contacts) == 27
    joined = result.contacts[result.contacts["linkedin_url"].str.contains("joosoezyxtmq", na=False)]
    assert len(joined) == 1
    cid = joined["contact_id"].iloc[0]
    assert sorted(result.events.loc[result.events["contact_id"] == cid, "type"]) == [
        "outreach",
        "outreach",
    ]
    report = result.report
    assert report.loc[report["contact_id"] == cid, "key"].iloc[0] == "linkedin_url"
    out = report[report["action"] == "left_out"]
    assert out["count"].sum() == 8


def read_export(folder: Path):
    return li.read_export(folder, "me", tz="UTC")
