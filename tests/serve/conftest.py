"""A small newsroom corpus written for the serve tests: the same day in two years, two outlets,
two people met together and apart, dated mentions of a day, a month and a quarter."""

from pathlib import Path

import pytest

ARTICLES = {
    "brussels.txt": """Ngoại trưởng Nga tới Brussels

Ngoại trưởng Nga Sergei Lavrov đã gặp Tổng thư ký NATO Jens Stoltenberg tại Brussels ngày 21/1/2021.

Ông Lavrov nói hai bên bất đồng về việc mở rộng liên minh.

Ông Stoltenberg cho biết NATO sẵn sàng đối thoại.
""",
    "dien-dam.txt": """Điện đàm Mỹ - Nga

Ngày 21/1/2023, Ngoại trưởng Mỹ Antony Blinken đã điện đàm với Ngoại trưởng Nga Sergei Lavrov về trao đổi tù nhân.

Ông Blinken nói cuộc điện đàm kéo dài bốn mươi phút.

Ông Lavrov sau đó trả lời phỏng vấn truyền hình Nga.
""",
    "warsaw.txt": """Ngoại trưởng Mỹ thăm Ba Lan

Ngày 1/3/2022, Ngoại trưởng Mỹ Antony Blinken đã tới Warsaw để gặp các quan chức Ba Lan.

Trong tháng 2/2022, ông Blinken đã nhiều lần cảnh báo về căng thẳng ở biên giới.

Các quan chức Ba Lan cảm ơn sự ủng hộ của Washington.
""",
    "hoi-nghi.txt": """Hội nghị quốc phòng

Tổng thư ký NATO Jens Stoltenberg phát biểu tại hội nghị quốc phòng ở Oslo ngày 5/5/2022.

Ông Stoltenberg kêu gọi các nước thành viên tăng ngân sách quốc phòng.
""",
}

SOURCES = """
- file: brussels.txt
  title: Ngoại trưởng Nga tới Brussels
  outlet: Báo Thử Nghiệm
  url: null
  published: 2021-01-22
- file: dien-dam.txt
  title: Điện đàm Mỹ - Nga
  outlet: Tin Mẫu
  url: null
  published: 2023-01-22
- file: warsaw.txt
  title: Ngoại trưởng Mỹ thăm Ba Lan
  outlet: Báo Thử Nghiệm
  url: null
  published: 2022-03-02
- file: hoi-nghi.txt
  title: Hội nghị quốc phòng
  outlet: Tin Mẫu
  url: null
  published: 2022-05-06
"""


@pytest.fixture(scope="session")
def newsroom(tmp_path_factory):
    from bot.build.pipeline import build_index
    from bot.serve.engine import Engine

    folder: Path = tmp_path_factory.mktemp("newsroom")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sources.yml").write_text(SOURCES, encoding="utf-8")
    out = folder / "index.db"
    report = build_index(folder, out)
    assert not report.problems, report.problems
    return Engine(out)
