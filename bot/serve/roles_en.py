"""English role phrases in the Vietnamese the index stores roles in ("Russian foreign minister" →
"ngoại trưởng Nga"). Role heads come from the index's role vocabulary (bot.build.actors.ROLE_HEADS, held equal by a test),
owners from the gazetteer's spelling of countries and institutions."""

from __future__ import annotations

# Longest first when matching, so "deputy foreign minister" wins over "foreign minister".
ROLES: dict[str, str] = {
    "foreign minister": "ngoại trưởng",
    "minister of foreign affairs": "ngoại trưởng",
    "secretary of state": "ngoại trưởng",
    "deputy foreign minister": "thứ trưởng ngoại giao",
    "president": "tổng thống",
    "vice president": "phó tổng thống",
    "prime minister": "thủ tướng",
    "defense minister": "bộ trưởng quốc phòng",
    "defence minister": "bộ trưởng quốc phòng",
    "defense secretary": "bộ trưởng quốc phòng",
    "secretary of defense": "bộ trưởng quốc phòng",
    "trade secretary": "bộ trưởng thương mại",
    "commerce secretary": "bộ trưởng thương mại",
    "secretary of commerce": "bộ trưởng thương mại",
    "treasury secretary": "bộ trưởng tài chính",
    "finance minister": "bộ trưởng tài chính",
    "spokesman": "người phát ngôn",
    "spokeswoman": "người phát ngôn",
    "spokesperson": "người phát ngôn",
    "press secretary": "thư ký báo chí",
    "national security adviser": "cố vấn an ninh quốc gia",
    "national security advisor": "cố vấn an ninh quốc gia",
    "secretary general": "tổng thư ký",
    "secretary-general": "tổng thư ký",
    "ambassador": "đại sứ",
    "envoy": "đặc phái viên",
    "special envoy": "đặc phái viên",
    "chief of staff": "chánh văn phòng",
    "aide": "trợ lý",
    "foreign policy aide": "trợ lý chính sách đối ngoại",
    "chief negotiator": "trưởng đoàn đàm phán",
    "negotiator": "nhà đàm phán",
    "chief of the general staff": "tổng tham mưu trưởng",
    "senator": "thượng nghị sĩ",
    "director": "giám đốc",
    "chairman": "chủ tịch",
    "leader": "lãnh đạo",
}

# Owners as adjectives or nouns, in the gazetteer's Vietnamese.
OWNERS: dict[str, str] = {
    "russian": "Nga", "russia": "Nga", "russia's": "Nga",
    "us": "Mỹ", "u.s.": "Mỹ", "u.s": "Mỹ", "american": "Mỹ", "america": "Mỹ", "united states": "Mỹ",
    "the united states": "Mỹ", "the us": "Mỹ", "the u.s.": "Mỹ", "america's": "Mỹ",
    "ukrainian": "Ukraine", "ukraine": "Ukraine", "ukraine's": "Ukraine",
    "kremlin": "Điện Kremlin", "the kremlin": "Điện Kremlin",
    "white house": "Nhà Trắng", "the white house": "Nhà Trắng",
    "nato": "NATO", "un": "Liên Hợp Quốc", "united nations": "Liên Hợp Quốc", "the united nations": "Liên Hợp Quốc",
    "eu": "EU", "european union": "EU", "the european union": "EU",
    "chinese": "Trung Quốc", "china": "Trung Quốc", "british": "Anh", "uk": "Anh", "the uk": "Anh", "french": "Pháp",
    "france": "Pháp", "german": "Đức", "germany": "Đức", "belarusian": "Belarus", "belarus": "Belarus",
    "turkish": "Thổ Nhĩ Kỳ", "turkey": "Thổ Nhĩ Kỳ", "cia": "CIA", "pentagon": "Lầu Năm Góc",
}


def translate_role(words: list[str]) -> str | None:
    """The Vietnamese role for folded English words: "[the] OWNER ROLE", "[the] ROLE of OWNER",
    "OWNER's ROLE", or "ROLE" alone; "… to OWNER" for an ambassador. None if they are not a role."""
    if words[:1] == ["the"]:
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    for role in sorted(ROLES, key=len, reverse=True):
        vi = ROLES[role]
        if text == role:
            return vi
        if text.endswith(" " + role):
            owner = OWNERS.get(text[: -len(role) - 1])
            if owner:
                return f"{vi} {owner}"
        for link in (" of ", " to "):
            if text.startswith(role + link):
                rest = text[len(role) + len(link):]
                owner = OWNERS.get(rest)
                if owner:
                    return f"{vi} tại {owner}" if link == " to " else f"{vi} {owner}"
        # "Russian ambassador to the US": the owner before, the host after.
        if " " + role + " to " in " " + text:
            head, _, host = (" " + text).partition(" " + role + " to ")
            owner, where = OWNERS.get(head.strip()), OWNERS.get(host)
            if owner and where:
                return f"{vi} {owner} tại {where}"
    return None
