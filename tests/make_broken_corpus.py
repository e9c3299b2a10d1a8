"""Write tests/broken/*.toml and tests/broken/expected.toml from the seed.

Run by hand (`.venv/bin/python tests/make_broken_corpus.py`) after changing a
case; the test reads only the files it writes."""
import io, json, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "content/khon-kaen/2567.toml").read_text(encoding="utf-8")
OUT = ROOT / "tests/broken"
OUT.mkdir(exist_ok=True)

def sub(old, new, count=1):
    assert SEED.count(old) >= 1, old
    return SEED.replace(old, new, count)

def line_of(text, marker):
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    idx = text.index(marker)
    return text[:idx].count("\n") + 1

cases = []
def case(name, content, marker, field, thai, english, note):
    """marker: str found in content (its line), int line, or None (no line)."""
    if isinstance(marker, str):
        line = line_of(content, marker)
    else:
        line = marker or 0
    cases.append((name, content, line, field, thai, english, note))

no_signer = SEED[:SEED.index("\n[signer]\n")] + SEED[SEED.index("\n[values]\n"):]
no_body = SEED[:SEED.index("[[body]]")]
laughs = SEED.replace("[phrases]\n", "[phrases]\n" + "".join(
    f'l{i} = "{"".join("{l%d}" % (i + 1) for _ in range(10))}"\n' for i in range(8)) + 'l8 = "ฮา"\n'
    ).replace('quote = "มหานครน่าอยู่', 'quote = "{l0} มหานครน่าอยู่')
zbuf = io.BytesIO()
with zipfile.ZipFile(zbuf, "w") as z:
    z.writestr(zipfile.ZipInfo("word/document.xml", (2024, 1, 1, 0, 0, 0)), "<w:document/>")

case("01-unclosed-quote", sub('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น'), "issuer =",
     "announcement.issuer", "ไม่มีเครื่องหมายคำพูดปิด", "no closing quote", "TOML syntax: a text not closed")
case("02-missing-equals", sub('subject = "', 'subject "'), 'subject "',
     "announcement", "ชื่อช่อง = ค่า", "key = value", "TOML syntax: no = after the key")
case("03-duplicate-key", sub("closing =", "date = 2023-04-01\nclosing ="), "date = 2023-04-01",
     "announcement.date", "ถูกกำหนดซ้ำ", "given twice", "the same key twice")
case("04-duplicate-table", SEED + '\n[signer]\nname = "นายสมชาย ใจดี"\n', SEED.count("\n") + 2,
     "signer", "ซ้ำ", "declared twice", "the same table twice")
case("05-unclosed-list", sub('  "ส่งเสริมการพัฒนาด้านนวัตกรรม เทคโนโลยี และดิจิทัล เพื่อสร้างมูลค่าเพิ่มทางเศรษฐกิจ",\n]',
                              '  "ส่งเสริมการพัฒนาด้านนวัตกรรม เทคโนโลยี และดิจิทัล เพื่อสร้างมูลค่าเพิ่มทางเศรษฐกิจ",\n'),
     "[[body]]\nheading = \"ตัวชี้วัด", "body", "ไม่มี ] ปิด", "is never closed", "TOML syntax: a list never closed")
case("06-missing-subject", sub('subject = "ประกาศใช้{plan} และ{action_plan}"\n', ""), "[announcement]",
     "announcement", 'ขาดช่อง "subject"', 'missing key "subject"', "a required key left out")
case("07-missing-signer", no_signer, None, "", 'ขาดช่อง "signer"', 'missing key "signer"', "a required table left out")
case("08-unknown-key-typo", sub("closing =", "closeing ="), "closeing =", "announcement.closeing",
     'หมายถึง "closing" หรือไม่', 'Did you mean "closing"?', "a misspelt key: the nearest is suggested")
case("09-unknown-table-typo", sub("[signer]", "[singer]"), "[singer]", "singer",
     'หมายถึง "signer" หรือไม่', 'Did you mean "signer"?', "a misspelt table name")
case("10-date-as-text", sub("date = 2023-03-31", 'date = "31 มีนาคม 2566"'), "date =", "announcement.date",
     "ต้องเป็นวันที่", "expected a date", "wrong type: a date typed as Thai text")
case("11-year-in-quotes", sub("fiscal_year = 2567", 'fiscal_year = "2567"'), "fiscal_year =",
     "announcement.fiscal_year", "ไม่ใส่เครื่องหมายคำพูด เช่น 2567", "without quotes, e.g. 2567",
     "wrong type: a number in quotes")
case("12-heading-number", sub('heading = "พันธกิจ"', "heading = 2"), "heading = 2", "body[4].heading",
     "ต้องเป็นข้อความ แต่พบจำนวนเต็ม", "expected a text, found a whole number", "wrong type: a number for a text")
case("13-february-30", sub("date = 2023-03-31", "date = 2023-02-30"), "date =", "announcement.date",
     "วันที่ 30 กุมภาพันธ์ ไม่มีจริง", "30 February 2023 does not exist", "impossible date")
case("14-month-13", sub("date = 2023-03-31", "date = 2023-13-01"), "date =", "announcement.date",
     "ไม่มีเดือนที่ 13", "there is no month 13", "impossible date: month 13")
case("15-buddhist-year-in-date", sub("date = 2023-03-31", "date = 2566-03-31"), "date =", "announcement.date",
     "ปี ค.ศ. (ปี พ.ศ. ลบ 543 เช่น 2023-03-31)", "e.g. 2023-03-31", "a Buddhist-era year where a Christian-era date goes")
case("16-buddhist-leap-day", sub("date = 2023-03-31", "date = 2567-02-29"), "date =", "announcement.date",
     "ปี 2567 ดูเหมือนปี พ.ศ.", "e.g. 2024-02-29", "29 Feb of BE 2567: impossible as CE, hint to 2024-02-29")
case("17-christian-fiscal-year", sub("fiscal_year = 2567", "fiscal_year = 2024"), "fiscal_year =",
     "announcement.fiscal_year", "ปี พ.ศ. (เช่น 2567)", "Buddhist era (e.g. 2567)", "a Christian-era year where a BE year goes")
case("18-year-for-date", sub("date = 2023-03-31", "date = 2566"), "date =", "announcement.date",
     "ซึ่งเป็นเพียงปี", "e.g. 2023-03-31", "a bare year where a date goes")
case("19-value-date-buddhist", sub("cabinet_resolution = 2023-03-14", "cabinet_resolution = 2566-03-14"),
     "cabinet_resolution", "values.cabinet_resolution", "เช่น 2023-03-14", "e.g. 2023-03-14", "a BE date in [values]")
case("20-empty-subject", sub('subject = "ประกาศใช้{plan} และ{action_plan}"', 'subject = ""'), "subject =",
     "announcement.subject", "ต้องไม่เว้นว่าง", "must not be empty", "an empty subject")
case("21-blank-title", sub('issuer = "จังหวัดขอนแก่น"', 'issuer = "   "'), "issuer =",
     "announcement.issuer", "ต้องไม่เว้นว่าง", "must not be empty", "a title (issuer) of spaces only")
case("22-empty-paragraph", sub('text = "ด้วยจังหวัดขอนแก่น', 'text = ""\nx = "ด้วยจังหวัดขอนแก่น').replace('\nx = "ด้วย', '\n# "ด้วย', 1),
     'text = ""', "body[1].text", "ต้องไม่เว้นว่าง", "must not be empty", "an empty body paragraph")
case("23-no-body", no_body, None, "", "ขาดเนื้อความ", "missing the body", "no [[body]] at all")
case("24-undefined-phrase", sub("ได้จัดทำ{plan}", "ได้จัดทำ{plann}"), "ได้จัดทำ{plann}", "body[1].text",
     'อ้างถึง "{plann}"', 'Did you mean "{plan}"?', "a reference to an undefined phrase")
case("25-phrase-loop", sub('action_plan = "แผนปฏิบัติการ', 'action_plan = "{plan} แผนปฏิบัติการ').replace(
     'plan = "แผนพัฒนาจังหวัดขอนแก่น', 'plan = "{action_plan} แผนพัฒนาจังหวัดขอนแก่น', 1),
     'plan = "{action_plan}', "phrases.plan", "วลีอ้างถึงกันเป็นวง", "in a loop", "phrases that refer to each other")
case("26-control-character", sub("ประกาศใช้{plan}", "ประกาศใช้\x07{plan}"), "subject =",
     "announcement.subject", "อักขระควบคุม", "U+0007", "a raw control character (BEL) pasted in")
case("27-escaped-nul", sub('name = "นายไกรสร กองฉลาด"', 'name = "นายไกรสร\\u0000 กองฉลาด"'), 'name = "นายไกรสร',
     "signer.name", "U+0000", "invisible control character", "a NUL written as an escape")
case("28-escaped-surrogate", sub('position = "ผู้ว่าราชการ', 'position = "\\uD800ผู้ว่าราชการ'), "position =",
     "signer.position", "อักขระเสีย", "surrogate", "a lone surrogate written as an escape")
case("29-windows-874", SEED.encode("cp874"), 1, "", "TIS-620/Windows-874", "not UTF-8",
     "the file saved in the Thai Windows code page, not UTF-8")
case("30-encoded-surrogate", sub("ประกาศใช้{plan}", "ประกาศใช้@@{plan}").encode().replace(b"@@", b"\xed\xa0\x80"),
     "subject =", "", "ED", "not valid UTF-8", "a surrogate encoded in UTF-8 bytes (CESU-8)")
case("31-thai-digits-number", sub("gpp_growth_percent = 2", "gpp_growth_percent = ๒"), "gpp_growth_percent",
     "values.gpp_growth_percent", "เลขอารบิก (0-9)", "Arabic digits", "a number typed in Thai digits")
case("32-mixed-digits-number", sub("plan_start = 2566", "plan_start = 25๖6"), "plan_start",
     "values.plan_start", "เช่น 2566", "e.g. 2566", "Arabic and Thai digits mixed in a number")
case("33-mixed-digits-quoted", sub("fiscal_year = 2567", 'fiscal_year = "25๖7"'), "fiscal_year",
     "announcement.fiscal_year", "เช่น 2567", "e.g. 2567", "mixed digits in quotes")
case("34-prose-not-toml", "เรียน ท่านผู้ว่าราชการจังหวัด\nขอส่งประกาศมาเพื่อโปรดพิจารณา\n", 1, "",
     "ไม่ใช่ไฟล์เนื้อหา TOML", "not a TOML content file", "a letter, not TOML")
case("35-word-file", zbuf.getvalue(), 1, "", "ไฟล์ Word/Excel", "Word/Excel or zip", "a .docx renamed .toml")
case("36-json", json.dumps({"announcement": {"province": "khon-kaen"}}, indent=2), 1, "",
     "ไม่ใช่ไฟล์เนื้อหา TOML", "not a TOML content file", "JSON, not TOML")
case("37-empty", "", None, "", "ไฟล์ว่างเปล่า", "the file is empty", "an empty file")
case("38-only-comments", "# ประกาศจังหวัดขอนแก่น\n# ยังไม่ได้เขียน\n", None, "", "มีแต่หมายเหตุ",
     "only comments", "a file of comments only")
case("39-utf16", SEED.encode("utf-16"), 1, "", "UTF-16", "UTF-16", "saved as UTF-16 by Notepad")
case("40-province-climbs-out", sub('province = "khon-kaen"', 'province = "../../etc"'), "province =",
     "announcement.province", "ต้องเป็นชื่อโฟลเดอร์", "lower-case latin letters", "a province name that climbs out")
case("41-edition-climbs-out", sub("fiscal_year = 2567\n", 'fiscal_year = 2567\nedition = "2567/../../../tmp"\n'),
     "edition =", "announcement.edition", "ตัวอักษรละติน", "latin letters, digits and hyphens", "an edition with .. and /")
case("42-province-newline", sub('province = "khon-kaen"', 'province = "khon-kaen\\n"'), "province =",
     "announcement.province", "ต้องเป็นชื่อโฟลเดอร์", "lower-case latin letters", "a province name ending in a line break")
case("43-nan", sub("gini_target = 0.41", "gini_target = nan"), "gini_target", "values.gini_target",
     "ต้องเป็นตัวเลขจริง", "expected a real number", "not a number")
case("44-huge-number", sub("gini_target = 0.41", "gini_target = " + "9" * 5000), "gini_target", "values.gini_target",
     "ตัวเลขยาวเกินไป", "thousands of digits long", "a number 5000 digits long")
case("45-deep-nesting", sub("gini_target = 0.41", "gini_target = " + "[" * 3000 + "]" * 3000), "gini_target", "values.gini_target",
     "ซ้อนกันลึกเกินไป", "nested too deeply", "brackets nested 3000 deep")
case("46-phrase-explosion", laughs, "[phrases]\nl0", "phrases", "ยาวเกินไป", "too long",
     "phrases repeating phrases: 10^8 copies")
case("47-invisible-heading", sub('heading = "พันธกิจ"', 'heading = "\\u200b"'), 'heading = "\\u200b"',
     "body[4].heading", "ต้องไม่เว้นว่าง", "must not be empty", "a heading of a zero-width space only")
case("48-thai-key", sub("subject =", "เรื่อง ="), "เรื่อง =", "", "ต้องเป็นตัวอักษรละติน", "must be latin letters",
     "a key typed in Thai")
case("49-comma-decimal", sub("gini_target = 0.41", "gini_target = 0,41"), "gini_target", "values.gini_target",
     "ไม่มีจุลภาค", "no commas", "a decimal comma")
case("50-unquoted-text", sub('closing = "จึงประกาศให้ทราบโดยทั่วกัน"', "closing = จึงประกาศให้ทราบโดยทั่วกัน"),
     "closing =", "announcement.closing", "ต้องอยู่ในเครื่องหมายคำพูด", "must be in double quotes", "text without quotes")
case("51-single-bracket-body", sub("[[body]]\nheading = \"พันธกิจ\"", "[body]\nheading = \"พันธกิจ\""),
     '[body]\nheading = "พันธกิจ"', "body", "ซ้ำ", "[[body]], with two brackets", "[body] where [[body]] goes")
case("52-date-and-time", sub("date = 2023-03-31", "date = 2023-03-31T10:00:00"), "date =", "announcement.date",
     "ไม่มีเวลา เช่น 2023-03-31", "found a date and time 2023-03-31T10:00:00", "a date with a time")
case("53-unknown-reference-format", sub("{cabinet_resolution}", "{cabinet_resolution:be}"), "{cabinet_resolution:be}",
     "body[2].text", 'รูปแบบ ":be" ใช้ไม่ได้', 'unknown format ":be"', "an unknown {name:format}")
case("54-format-version", sub("format = 1", "format = 3"), "format = 3", "format", "รุ่นของรูปแบบเนื้อหาต้องเป็น 1 หรือ 2",
     "content format must be 1 or 2", "a future content format")
case("55-reserved-name", sub("gini_target = 0.41", "gini_target = 0.41\ndate = 2023-01-01"), "date = 2023-01-01",
     "values.date", "สงวนไว้", "reserved", "a value named like a built-in")
case("56-lone-carriage-return", sub("ประกาศใช้{plan}", "ประกาศใช้\r{plan}"), "subject =", "announcement.subject",
     "U+000D", "control character", "a lone carriage return (old Mac line end)")
case("57-backslash", sub('name = "นายไกรสร กองฉลาด"', 'name = "C:\\เอกสาร\\ประกาศ"'), "name =", "signer.name",
     "\\\\", "backslash", "a Windows path in text")
case("58-c1-control", sub('position = "ผู้ว่าราชการ', 'position = "ผู้ว่าราชการ\u0085'), "position =",
     "signer.position", "U+0085", "control character", "a C1 control character (NEL) from a legacy encoding")
body_text = sub("format = 1\n", "format = 1\nbody = \"ข้อความ\"\n")
case("59-body-not-list", body_text[:body_text.index("\n[[body]]") + 1],
     'body = "ข้อความ"', "body", "ต้องมี [[body]]", "expected at least one [[body]] block", "body given as one text")

case("61-date-out-of-range", sub("date = 2023-03-31", "date = 2203-03-31"), "date =", "announcement.date",
     "อยู่นอกช่วงที่ใช้ได้", "outside 1900 to 2100", "a year no announcement has (and no DOCX can hold)")

# Issue 12: syntax in plain words, values no text uses, eras, bounded depth and keys.
case("62-percent-unquoted", sub("gpp_growth_percent = 2", "gpp_growth_percent = 3%"), "gpp_growth_percent",
     "values.gpp_growth_percent", "{gpp_growth_percent}%", "{gpp_growth_percent}%", "3% without quotes in [values]")
case("63-stray-character", sub('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น" ฯ'), "issuer =",
     "announcement.issuer", "หลังเครื่องหมายคำพูดปิด", "after the closing quote", "a stray character after a text")
case("64-stray-at-line-start", sub('issuer = "จังหวัดขอนแก่น"', '@issuer = "จังหวัดขอนแก่น"'), "@issuer",
     "announcement", "ที่ต้นบรรทัด", "at the start of the line", "a stray character before a key")
case("65-unused-value-typo", sub("gini_target = 0.41", "gini_target = 0.41\ngini_traget = 0.38"), "gini_traget",
     "values.gini_traget", 'หมายถึง "gini_target" หรือไม่', 'Did you mean "gini_target"?',
     "a value no text uses (a misspelt name)")
case("66-christian-year-value", sub("plan_start = 2566", "plan_start = 2023"), "plan_start",
     "values.plan_start", "เช่น 2566", "e.g. 2566", "a Christian-era year printed after พ.ศ.")
case("67-thousands-grouping", sub("gpp_growth_percent = 2", "gpp_growth_percent = 10_00"), "gpp_growth_percent",
     "values.gpp_growth_percent", "เช่น 1_000", "e.g. 1_000", "digits grouped by _ not in threes")
case("68-deep-dotted-key", sub("gini_target = 0.41", "gini_target = 0.41\n" + ".".join(["a"] * 500) + " = 1"),
     "a.a.a", "", "หลายส่วนเกินไป", "too many parts", "a dotted key 500 parts long")
case("69-huge-dotted-key", sub("gini_target = 0.41", "gini_target = 0.41\n" + ".".join(["a"] * 50_000) + " = 1"),
     "a.a.a", "", "หลายส่วนเกินไป", "too many parts", "a dotted key of 100,000 characters")
deep_tables = "".join("[[" + ".".join(["x"] * i) + "]]\n" for i in range(1, 40))
case("70-deep-tables", SEED + "\n" + deep_tables, "[[" + ".".join(["x"] * 17) + "]]", "x" + ".x" * 16,
     "หลายส่วนเกินไป", "too many parts", "[[x]], [[x.x]], … nested 40 deep")
case("71-long-key", sub("gini_target = 0.41", "gini_target = 0.41\n" + "a" * 100_000 + " = 1"), "aaaa",
     "values", "ชื่อช่องยาวเกินไป", "characters long", "a key 100,000 characters long")
case("72-curly-quotes", sub('issuer = "จังหวัดขอนแก่น"', "issuer = “จังหวัดขอนแก่น”"), "issuer =",
     "announcement.issuer", "เครื่องหมายคำพูดโค้ง", "curly quotes", "curly quotes from a word processor")
case("73-unquoted-list-item", sub('  "การพัฒนาสังคมสุขภาวะให้น่าอยู่อย่างยั่งยืน",', "  5%,"), "  5%,",
     "body", "ในรายการที่เปิดด้วย [", "in the list opened with [", "an item of a list without quotes")
case("74-nested-inline-tables", sub("gini_target = 0.41", "gini_target = " + "{a = " * 500 + "1" + "}" * 500),
     "gini_target", "values.gini_target", "ซ้อนกันลึกเกินไป", "nested too deeply", "inline tables nested 500 deep")
case("75-profile-path", sub("closing =", 'profile = "versions/../../content/khon-kaen/2567"\nclosing ='),
     "profile =", "announcement.profile", "ไม่มีรูปแบบชื่อ", "no format profile called", "a profile named by a path")

for old in OUT.glob("*"):
    if old.is_file():
        old.unlink()
folder = OUT / "60-folder.toml"
folder.mkdir(exist_ok=True)
(folder / "README").write_text("A folder named like a content file: prakat must say it is a folder.\n")
cases.append(("60-folder", None, 0, "", "เป็นโฟลเดอร์", "is a folder", "a folder given as a file"))

lines = ['# Broken content files: each must be refused with exit code 2, a message',
         '# holding `message` (Thai) and `english`, at `line` (0: no line) and `field`,',
         '# and nothing written. Run by tests/test_broken_corpus.py.', '']
def q(s):
    return json.dumps(s, ensure_ascii=False)
for name, content, line, field, thai, english, note in cases:
    if content is not None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (OUT / f"{name}.toml").write_bytes(data)
    lines += [f'["{name}.toml"]', f"why = {q(note)}", f"line = {line}", f"field = {q(field)}",
              f"message = {q(thai)}", f"english = {q(english)}", ""]
(OUT / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
print(len(cases), "cases")
