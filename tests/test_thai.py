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


def _content_texts() -> list[str]:
    from conftest import ROOT

    texts = []
    for path in sorted((ROOT / "content").rglob("*.toml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.count('"') >= 2:
                texts.append(line.split('"', 1)[1].rsplit('"', 1)[0])
    return [text for text in texts if thai.has_thai(text)]


def test_the_quick_dictionary_finds_what_pythainlps_trie_finds():
    """The words come from a sorted list until a document is long enough to
    pay for PyThaiNLP's trie (about 0.4 s to build): both give the same."""
    import random

    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_dict_trie, word_tokenize

    trie = word_dict_trie()
    quick = thai._Dictionary(thai_words())
    assert len(quick) == len(trie)
    text = " ".join(_content_texts()) + " กขฃ ๑๒ abc ไม่มีในพจนานุกรมเลยจริงๆ"
    chance = random.Random(15)
    for start in [*range(200), *(chance.randrange(len(text)) for _ in range(5000))]:
        assert quick.prefixes(text, start) == trie.prefixes(text, start), start
    for sample in _content_texts():
        assert (word_tokenize(sample, custom_dict=quick, engine="newmm", keep_whitespace=True)
                == word_tokenize(sample, engine="newmm", keep_whitespace=True)), sample
    assert quick._trie is None


def test_a_long_document_switches_to_the_trie(monkeypatch):
    from pythainlp.corpus import thai_words

    monkeypatch.setattr(thai._Dictionary, "TRIE_AFTER", 10)
    quick = thai._Dictionary(thai_words())
    text = "แผนพัฒนาจังหวัดขอนแก่น ฉบับทบทวน ประจำปีงบประมาณ"
    before = [quick.prefixes(text, i) for i in range(len(text))]
    assert quick._trie is not None
    assert [quick.prefixes(text, i) for i in range(len(text))] == before


def test_words_can_come_from_elsewhere():
    """A helper process takes its words from the process that asked it for a
    PDF (generator.commands.aside.PdfAside); here, from a stand-in."""
    asked = []

    def elsewhere(text):
        asked.append(text)
        return [text[:2], text[2:]]

    thai.ask_elsewhere(elsewhere)
    try:
        assert thai.words("ทดสอบ") == ["ทด", "สอบ"] and asked == ["ทดสอบ"]
    finally:
        thai.ask_elsewhere(None)
    assert thai.words("ทดสอบ") == ["ทดสอบ"]
