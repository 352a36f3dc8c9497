"""A score of a response's security headers, as Mozilla's HTTP Observatory gives it.

It follows the published methodology of the MDN HTTP Observatory ("Tests and
scoring"): a page starts at 100; the penalties of every test are taken off;
only a page still at 90 (A) or more then gets the bonuses. 100 or more is A+.
Each test yields one outcome, named and weighted as the Observatory names and
weighs it; the tests and their rules:

- Content Security Policy (header only; a page here has no ``<meta>`` policy);
- cookies (``Secure``, ``HttpOnly`` on session cookies, ``SameSite``);
- cross-origin resource sharing (``Access-Control-Allow-Origin``);
- redirection from plain HTTP to HTTPS (from the answer to the same path over HTTP);
- Referrer-Policy;
- Strict-Transport-Security;
- Subresource Integrity of the page's ``<script src>``;
- X-Content-Type-Options;
- X-Frame-Options, or CSP ``frame-ancestors``;
- Cross-Origin-Resource-Policy.

HSTS preloading is a bonus only for sites on the browsers' preload list, which
cannot be read offline; it is never given here, so the score can only be lower
than the Observatory's, never higher.
"""

import dataclasses
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Outcome name -> score modifier, from the Observatory's score table.
MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-to-https": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
MINIMUM_SCORE_FOR_BONUSES = 90
SIX_MONTHS = 15_768_000

# Sources that allow nearly anything, and those that allow inline code.
BROAD_SOURCES = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
INLINE_SOURCES = {"'unsafe-inline'", "data:"}
PASSIVE_DIRECTIVES = {"img-src", "media-src"}
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
# How the Observatory recognises a session cookie and an anti-CSRF cookie: by name.
SESSION_NAME_PARTS = ("login", "sess")
CSRF_NAME_PART = "csrf"


@dataclasses.dataclass(frozen=True)
class Outcome:
    test: str
    result: str

    @property
    def modifier(self) -> int:
        return MODIFIERS[self.result]


@dataclasses.dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]
    score: int
    grade: str

    def __str__(self) -> str:
        lines = [f"{self.score} ({self.grade})"]
        lines += [f"  {outcome.modifier:+3d} {outcome.test}: {outcome.result}" for outcome in self.outcomes]
        return "\n".join(lines)

    def result(self, test: str) -> str:
        return next(outcome.result for outcome in self.outcomes if outcome.test == test)


def grade_for(score: int) -> str:
    return next(grade for floor, grade in GRADES if score >= floor)


def total(outcomes: list[Outcome]) -> int:
    """Take every penalty off 100; add the bonuses only to a score still at 90 or more."""
    penalties = sum(outcome.modifier for outcome in outcomes if outcome.modifier < 0)
    bonuses = sum(outcome.modifier for outcome in outcomes if outcome.modifier > 0)
    score = max(0, 100 + penalties)
    return score + bonuses if score >= MINIMUM_SCORE_FOR_BONUSES else score


def score(response, *, url: str, http_response=None) -> Report:
    """Score ``response``, the answer to ``url``; ``http_response`` answered the same path over plain HTTP.

    ``response`` is a Django test client response (or any ``HttpResponse``).
    Without ``http_response`` the redirection test counts as missing.
    """
    headers = response.headers
    https = urlsplit(url).scheme == "https"
    policies = parse_csp(headers.get("Content-Security-Policy"))
    hsts = hsts_result(headers.get("Strict-Transport-Security"), https)
    outcomes = [
        Outcome("content-security-policy", csp_result(policies, https)),
        Outcome("cookies", cookies_result(response.cookies, hsts_protects=hsts.startswith("hsts-implemented"))),
        Outcome("cross-origin-resource-sharing", cors_result(headers)),
        Outcome("redirection", redirection_result(http_response, url)),
        Outcome("referrer-policy", referrer_result(headers.get("Referrer-Policy"))),
        Outcome("strict-transport-security", hsts),
        Outcome("subresource-integrity", sri_result(response, url)),
        Outcome("x-content-type-options", xcto_result(headers.get("X-Content-Type-Options"))),
        Outcome("x-frame-options", xfo_result(headers.get("X-Frame-Options"), policies)),
        Outcome("cross-origin-resource-policy", corp_result(headers.get("Cross-Origin-Resource-Policy"))),
    ]
    points = total(outcomes)
    return Report(outcomes, points, grade_for(points))


# Content Security Policy ------------------------------------------------------------------------


class InvalidPolicy(ValueError):
    """A Content-Security-Policy header the scorer cannot read, which Observatory scores as none."""


def parse_csp(header: str | None) -> list[dict[str, list[str]]] | None:
    """The policies of a Content-Security-Policy header (comma-separated), each as directive -> sources.

    ``None`` when there is no header; ``InvalidPolicy`` when it cannot be read.
    """
    if header is None:
        return None
    policies = []
    for text in header.split(","):
        policy = {}
        for part in text.split(";"):
            words = part.split()
            if not words:
                continue
            name = words[0].lower()
            if not all(char.isalnum() or char == "-" for char in name):
                raise InvalidPolicy(f"not a directive name: {name!r}")
            # A repeated directive is ignored by browsers after its first occurrence.
            # Keywords and schemes are case-insensitive; nonces and hashes are not.
            sources = [word if word.startswith(("'nonce-", "'sha")) else word.lower() for word in words[1:]]
            policy.setdefault(name, sources)
        if policy:
            policies.append(policy)
    if not policies:
        raise InvalidPolicy("empty policy")
    return policies


def _uses_nonce_or_hash(sources: list[str]) -> bool:
    return any(source.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for source in sources)


def _policy_result(policy: dict[str, list[str]], https: bool) -> str:
    default = policy.get("default-src", ["*"])
    script_src = list(policy.get("script-src", default))
    style_src = list(policy.get("style-src", default))
    object_src = policy.get("object-src", default)
    # A nonce or a hash makes browsers ignore 'unsafe-inline', which stays only for old ones.
    for sources in (script_src, style_src):
        if _uses_nonce_or_hash(sources) and "'unsafe-inline'" in sources:
            sources.remove("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not _uses_nonce_or_hash(script_src):
            return "csp-header-invalid"
        script_src = [
            source
            for source in script_src
            if source not in {"'self'", "'unsafe-inline'"} and not source.startswith(tuple(BROAD_SOURCES))
        ]
    active = [
        source
        for directive, sources in policy.items()
        if directive not in PASSIVE_DIRECTIVES and directive != "script-src"
        for source in sources
    ] + script_src
    passive = [
        source for directive in PASSIVE_DIRECTIVES for source in policy.get(directive, policy.get("default-src", []))
    ]

    if any(source in BROAD_SOURCES | INLINE_SOURCES for source in script_src) or any(
        source in BROAD_SOURCES for source in object_src
    ):
        return "csp-implemented-with-unsafe-inline"
    if https and any(source.startswith(("http:", "ftp:")) for source in active):
        return "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script_src + style_src:
        return "csp-implemented-with-unsafe-eval"
    if https and any(source.startswith(("http:", "ftp:")) for source in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if any(source in BROAD_SOURCES | INLINE_SOURCES for source in style_src):
        return "csp-implemented-with-unsafe-inline-in-style-src-only"
    if policy.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none"
    return "csp-implemented-with-no-unsafe"


def csp_result(policies, https: bool) -> str:
    """Every policy of a response applies, so the strictest one decides."""
    if policies is None:
        return "csp-not-implemented"
    return max((_policy_result(policy, https) for policy in policies), key=MODIFIERS.__getitem__)


# Cookies, CORS, redirection ------------------------------------------------------------------------


def cookies_result(cookies, *, hsts_protects: bool) -> str:
    """The worst outcome over the cookies the response sets (``cookies`` is a ``SimpleCookie``)."""
    if not cookies:
        return "cookies-not-found"
    found = set()
    for name, morsel in cookies.items():
        lowered = name.lower()
        session = any(part in lowered for part in SESSION_NAME_PARTS)
        secure, httponly = bool(morsel["secure"]), bool(morsel["httponly"])
        samesite = morsel["samesite"].strip().lower()
        if samesite and (samesite not in {"lax", "strict", "none"} or (samesite == "none" and not secure)):
            found.add("cookies-samesite-flag-invalid")
        if not secure:
            found.add(
                "cookies-without-secure-flag-but-protected-by-hsts" if hsts_protects else "cookies-without-secure-flag"
            )
        if CSRF_NAME_PART in lowered and not samesite:
            found.add("cookies-anticsrf-without-samesite-flag")
        if session and not secure:
            found.add(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts_protects
                else "cookies-session-without-secure-flag"
            )
        if session and not httponly:
            found.add("cookies-session-without-httponly-flag")
        if not samesite:
            found.add("cookies-secure-with-httponly-sessions")
    if not found:
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return min(found, key=MODIFIERS.__getitem__)


def cors_result(headers) -> str:
    allowed = headers.get("Access-Control-Allow-Origin")
    if allowed is None:
        return "cross-origin-resource-sharing-not-implemented"
    if allowed.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    if headers.get("Access-Control-Allow-Credentials", "").strip().lower() == "true":
        # Credentials for an origin named in the answer: the Observatory asks with its own
        # origin, and a server that names it back lets any site read what a visitor sees.
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_result(http_response, url: str) -> str:
    if http_response is None or http_response.status_code not in {301, 302, 303, 307, 308}:
        return "redirection-missing"
    target = urlsplit(http_response["Location"])
    if target.scheme != "https":
        return "redirection-not-to-https"
    if target.hostname != urlsplit(url).hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


# Headers with one value ------------------------------------------------------------------------------


def referrer_result(header: str | None) -> str:
    if header is None:
        return "referrer-policy-not-implemented"
    # Browsers use the last value they know.
    known = [
        value.strip().lower()
        for value in header.split(",")
        if value.strip().lower() in PRIVATE_REFERRERS | UNSAFE_REFERRERS
    ]
    if not known:
        return "referrer-policy-header-invalid"
    return "referrer-policy-private" if known[-1] in PRIVATE_REFERRERS else "referrer-policy-unsafe"


def hsts_result(header: str | None, https: bool) -> str:
    if not https:
        return "hsts-not-implemented-no-https"
    if header is None:
        return "hsts-not-implemented"
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.strip().lower()] = value.strip().strip('"')
    if not directives.get("max-age", "").isdigit():
        return "hsts-header-invalid"
    if int(directives["max-age"]) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def xcto_result(header: str | None) -> str:
    if header is None:
        return "x-content-type-options-not-implemented"
    return (
        "x-content-type-options-nosniff"
        if header.strip().lower() == "nosniff"
        else "x-content-type-options-header-invalid"
    )


def xfo_result(header: str | None, policies) -> str:
    ancestors = [policy["frame-ancestors"] for policy in policies or [] if "frame-ancestors" in policy]
    if ancestors and not any(source in BROAD_SOURCES for sources in ancestors for source in sources):
        return "x-frame-options-implemented-via-csp"
    if header is None:
        return "x-frame-options-not-implemented"
    value = header.strip().lower()
    if value in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from "):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_result(header: str | None) -> str:
    if header is None:
        return "corp-not-implemented"
    return {
        "same-origin": "corp-implemented-with-same-origin",
        "same-site": "corp-implemented-with-same-site",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(header.strip().lower(), "corp-header-invalid")


# Subresource Integrity -------------------------------------------------------------------------------


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []  # the attributes of each <script>

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def _site(host: str) -> str:
    """The last two labels of a host name: the Observatory's "same second-level domain"."""
    return ".".join(host.split(".")[-2:])


def sri_result(response, url: str) -> str:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in {"text/html", "application/xhtml+xml"}:
        return "sri-not-implemented-response-not-html"
    parser = _Scripts()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    page = urlsplit(url)
    found = set()
    foreign = False
    for attrs in parser.scripts:
        src = attrs.get("src")
        if not src:
            continue
        target = urlsplit(src)
        integrity = bool(attrs.get("integrity"))
        if src.startswith("//"):
            same_origin, secure = False, False
        elif target.scheme:
            same_origin = _site(target.hostname or "") == _site(page.hostname or "")
            secure = target.scheme == "https"
        else:
            same_origin, secure = True, page.scheme == "https"
        if same_origin:
            if integrity and secure:
                found.add("sri-implemented-and-all-scripts-loaded-securely")
            continue
        foreign = True
        if integrity and not secure:
            found.add("sri-implemented-but-external-scripts-not-loaded-securely")
        elif not integrity and secure:
            found.add("sri-not-implemented-but-external-scripts-loaded-securely")
        elif not integrity:
            found.add("sri-not-implemented-and-external-scripts-not-loaded-securely")
    problems = {result for result in found if MODIFIERS[result] < 0}
    if problems:
        return min(problems, key=MODIFIERS.__getitem__)
    if found:
        return found.pop()
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
