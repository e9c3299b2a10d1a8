"""Thai digits, Buddhist-era dates and list numbering."""

import datetime as dt

import pytest

from generator import thai


def test_digits_both_ways():
    assert thai.digits("พ.ศ. 2567, 0.41") == "พ.ศ. ๒๕๖๗, ๐.๔๑"
    assert thai.digits("๒๕๖๗", "arabic") == "2567"


def test_numbers():
    assert thai.number(2) == "๒"
    assert thai.number(0.41) == "๐.๔๑"
    assert thai.number(2.0) == "๒"
    with pytest.raises(TypeError):
        thai.number(True)


def test_dates_are_buddhist_era_with_thai_month_names():
    assert thai.date(dt.date(2023, 3, 31)) == "๓๑ มีนาคม พ.ศ. ๒๕๖๖"
    assert thai.date(dt.date(2023, 3, 14), era=False) == "๑๔ มีนาคม ๒๕๖๖"
    assert thai.date(dt.date(2024, 12, 1), "arabic") == "1 ธันวาคม พ.ศ. 2567"
    assert [thai.month_name(m) for m in (1, 2, 12)] == ["มกราคม", "กุมภาพันธ์", "ธันวาคม"]


def test_list_markers():
    assert thai.list_marker(1) == "๑."
    assert thai.list_marker(12, "paren") == "๑๒)"
    assert thai.list_marker(3, "dash-paren") == "- ๓)"


def test_words_keep_every_character():
    text = "แผนพัฒนาจังหวัดขอนแก่น (พ.ศ. ๒๕๖๖-๒๕๗๐) ฉบับทบทวน"
    words = thai.words(text)
    assert "".join(words) == text
    assert "ขอนแก่น" in words and "พัฒนา" in words


def test_web_addresses_break_after_their_separators_only():
    address = "https://www.example.go.th/a-b/c_d.pdf?x=1&y=2"
    cut = [address[:i] + "|" for i in thai.address_breaks(address)]
    assert cut == ["https://www.|", "https://www.example.|", "https://www.example.go.|",
                   "https://www.example.go.th/|", "https://www.example.go.th/a-|",
                   "https://www.example.go.th/a-b/|", "https://www.example.go.th/a-b/c_|",
                   "https://www.example.go.th/a-b/c_d.|", "https://www.example.go.th/a-b/c_d.pdf?|",
                   "https://www.example.go.th/a-b/c_d.pdf?x=|", "https://www.example.go.th/a-b/c_d.pdf?x=1&|",
                   "https://www.example.go.th/a-b/c_d.pdf?x=1&y=|"]
    # the rest of an address after a line break follows the same rule
    assert thai.address_breaks("a-b/c") == (2, 4)
    # inside Thai text: the address's breaks are offsets in the whole text
    text = "ดูที่ " + address + " ครับ"
    assert {text.index(address) + i for i in thai.address_breaks(address)} <= set(thai.breaks(text))
