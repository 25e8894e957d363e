"""A self-hosted arithmetic CAPTCHA: a distorted PNG drawn with Pillow, answer in the session.

Each challenge has a random id; the session keeps at most MAX_PENDING unanswered challenges
(several open tabs work). A challenge is removed when it is checked, right or wrong: single use.
"""

from __future__ import annotations

import io
import random
import secrets

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SESSION_KEY = "feedback_captcha"
MAX_PENDING = 5
WIDTH, HEIGHT = 180, 60


def new_challenge(request) -> str:
    rng = secrets.SystemRandom()
    a, b = rng.randint(2, 19), rng.randint(2, 9)
    op = rng.choice("+-x")
    if op == "-" and b > a:
        a, b = b, a
    answer = {"+": a + b, "-": a - b, "x": a * b}[op]
    challenge_id = secrets.token_urlsafe(12)
    pending = dict(request.session.get(SESSION_KEY, {}))
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    pending[challenge_id] = {"q": f"{a} {op} {b} =", "a": answer}
    request.session[SESSION_KEY] = pending
    return challenge_id


def question(request, challenge_id: str) -> str | None:
    entry = request.session.get(SESSION_KEY, {}).get(challenge_id)
    return entry["q"] if entry else None


def check(request, challenge_id: str, answer: str) -> bool:
    """Consume the challenge and say whether the answer was right."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(challenge_id, None) if isinstance(challenge_id, str) else None
    request.session[SESSION_KEY] = pending
    if entry is None:
        return False
    try:
        return int(str(answer).strip()[:6]) == entry["a"]
    except ValueError:
        return False


def render_png(text: str) -> bytes:
    rng = random.Random(secrets.randbits(64))
    image = Image.new("RGB", (WIDTH, HEIGHT), (250, 247, 240))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, WIDTH), rng.randint(0, HEIGHT)) for _ in range(2)],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=1,
        )
    font = ImageFont.load_default(size=30)
    x = 12
    for ch in text:
        glyph = Image.new("RGBA", (40, 50), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (6, 4), ch, font=font, fill=(rng.randint(0, 90), rng.randint(0, 60), rng.randint(0, 90))
        )
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC, expand=False)
        image.paste(glyph, (x, rng.randint(0, 12)), glyph)
        x += 18 if ch == " " else 24
    for _ in range(120):
        draw.point((rng.randint(0, WIDTH - 1), rng.randint(0, HEIGHT - 1)), fill=(90, 90, 90))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
