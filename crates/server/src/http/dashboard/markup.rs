//! HTML for the dashboard's pages: escaping and the page around each screen.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::words::Lang;

/// A page answer with `status`, never cached (it shows collected data).
pub fn page_response(
    status: StatusCode,
    lang: Lang,
    title: &str,
    switch_to: &str,
    body: &str,
) -> Response {
    let mut response = (status, Html(page(lang, title, switch_to, body))).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Text made safe to put in HTML content or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A query string value, percent-encoded.
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// A link's query: `?a=1&b=2` from the pairs whose value is not empty (escaped for HTML).
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", query_value(value)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        escape(&format!("?{}", parts.join("&")))
    }
}

/// The whole page: head, styles, the header with the language switch, then `body`.
/// `switch_to` is this page's address in the other language.
pub fn page(lang: Lang, title: &str, switch_to: &str, body: &str) -> String {
    let other = lang.pick("English", "Tiếng Việt");
    let other_code = lang.other().code();
    format!(
        r#"<!DOCTYPE html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} — PQ Survey</title>
<style>{STYLE}</style>
</head>
<body>
<header class="top">
<p class="brand">PQ Survey · {caption}</p>
<nav aria-label="{nav}"><a href="{switch_to}" lang="{other_code}" hreflang="{other_code}">{other}</a>
<form method="post" action="/admin/logout"><button type="submit">{logout}</button></form></nav>
</header>
<main>
{body}
</main>
</body>
</html>
"#,
        code = lang.code(),
        title = escape(title),
        caption = lang.pick("Kế hoạch 285/KH-UBND Bắc Ninh", "Bắc Ninh Plan 285/KH-UBND"),
        nav = lang.pick("Ngôn ngữ và phiên", "Language and session"),
        logout = lang.pick("Đăng xuất", "Sign out"),
    )
}

/// The dashboard's styles: readable, high contrast, fits a phone and 200 % zoom.
pub(crate) const STYLE: &str = "
:root{--accent:#0b6e4f;--plan:#5b6470;--ink:#1b1f24;--muted:#48515c;--line:#d5d9de;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#fff}
body{margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
.top{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:var(--accent);color:#fff}
.top a,.top button{color:#fff;font:inherit;background:none;border:1px solid #fff;border-radius:.3rem;padding:.3rem .7rem;cursor:pointer;text-decoration:none}
.top nav{display:flex;gap:.5rem;align-items:center}.top form{margin:0}
.brand{margin:0;font-weight:600}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:0 0 .25rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;padding:1rem;border:1px solid var(--line);border-radius:.5rem;margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;gap:.25rem;font-weight:600}
select,input,button{font:inherit;padding:.35rem .5rem}
select{max-width:min(22rem,100%)}
.filters button,.login button{background:var(--accent);color:#fff;border:0;border-radius:.3rem;padding:.45rem 1rem;cursor:pointer}
.summary{color:var(--muted)}
.targets{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,32rem),1fr));gap:1rem;list-style:none;padding:0}
.target{border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.target figure{margin:.75rem 0}.target figcaption{font-weight:600;margin-bottom:.25rem}
.measure,.source{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.headline{font-size:1.4rem;font-weight:700;margin:.5rem 0}
.nodata{font-style:italic;color:var(--muted)}
svg{width:100%;height:auto;display:block}
svg text{font-size:13px;fill:var(--ink)}
.bar-measured{fill:var(--accent)}.bar-plan{fill:var(--plan)}.bar-part{fill:#2f6f9f}
.series{fill:none;stroke:var(--accent);stroke-width:2.5}.point{fill:var(--accent)}.axis{stroke:var(--line)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#0a5a40}
.error{border:2px solid #a4161a;color:#a4161a;padding:.75rem;border-radius:.4rem}
.login{max-width:28rem;display:flex;flex-direction:column;gap:.75rem}
.login label{display:flex;flex-direction:column;gap:.25rem;font-weight:600}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_links_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(
            query(&[("target", "T6"), ("district", ""), ("part", "iso 9001&x")]),
            "?target=T6&amp;part=iso%209001%26x"
        );
        assert_eq!(query(&[("year", "")]), "");
    }
}
