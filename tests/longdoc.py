"""A long announcement made from the seed's own sentences, for layout checks."""

from __future__ import annotations

from conftest import SEED_CONTENT

PARAGRAPH = ("ด้วยจังหวัดขอนแก่น ได้จัดทำ{plan} และ{action_plan} ตามนโยบาย หลักเกณฑ์ "
             "วิธีการจัดทำแผนพัฒนาจังหวัดและแผนพัฒนากลุ่มจังหวัด พ.ศ. {plan_start}-{plan_end} "
             "ฉบับทบทวน โดยมุ่งพัฒนาตอบสนองความต้องการและแก้ไขปัญหาที่สำคัญของจังหวัด "
             "และสอดคล้องกับยุทธศาสตร์ชาติ แผนระดับชาติ นโยบายรัฐบาล และแผนพัฒนาภาค "
             "ตามศักยภาพและโอกาสของจังหวัด เพิ่มขึ้น ร้อยละ {gpp_growth_percent}")
ITEMS = [
    "พัฒนาขีดความสามารถด้านสินค้าเกษตร ผลิตภัณฑ์ชุมชน ส่งเสริมการค้าการลงทุนและการบริการ เพื่อยกระดับรายได้ของประชาชน",
    "การกระจายรายได้ดีขึ้นลดความไม่เสมอภาค (Gini Coefficient) ต่ำกว่า {gini_target}",
    "การเสริมสร้างความมั่นคงและความปลอดภัยในชีวิตและทรัพย์สินอย่างมีส่วนร่วม",
]


def long_content(sections: int = 12) -> str:
    """The seed's head, then ``sections`` numbered sections and paragraphs."""
    seed = SEED_CONTENT.read_text(encoding="utf-8")
    head = seed[:seed.index("[[body]]")]
    # Only the values the sentences below print: a value no text uses is refused.
    head = "".join(line for line in head.splitlines(keepends=True)
                   if not line.startswith(("cabinet_resolution =", "happiness_growth_percent =")))
    blocks = []
    for n in range(sections):
        blocks.append(f'[[body]]\ntext = "{PARAGRAPH}"\n')
        items = ",\n  ".join(f'"{ITEMS[(n + i) % len(ITEMS)]}"' for i in range(3 + n % 4))
        blocks.append(f'[[body]]\nheading = "ประเด็นการพัฒนาที่ {n + 1}"\n'
                      f'text = "{PARAGRAPH}"\nitems = [\n  {items},\n]\n')
    return head + "\n".join(blocks)
