//! Paragraphs, quotations, sentences and words of a plain-text article, by byte
//! offsets into each paragraph so that every piece handed on is verbatim.

/// A direct quotation in a paragraph: byte offsets of its opening mark, of its inner
/// text (`inner.0..inner.1`) and the end of its closing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    pub inner: (usize, usize),
    pub close_end: usize,
}

/// The quotations of a paragraph, top level only, in order: “ ” „ “ « » ‘ ’ and
/// straight double quotes. A quotation left open at the end of a paragraph ends there.
pub fn quotes(p: &str) -> Vec<Quote> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let alnum = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_alphanumeric());
    while i < chars.len() {
        let (pos, c) = chars[i];
        let closers: &[char] = match c {
            '“' => &['”', '“'],
            '„' => &['“', '”'],
            '«' => &['»'],
            '"' if !chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace()) => &['"'],
            '‘' if i == 0 || !alnum(i - 1) => &['’'],
            _ => {
                i += 1;
                continue;
            }
        };
        let inner_start = pos + c.len_utf8();
        let mut j = i + 1;
        let mut found = None;
        while j < chars.len() {
            let d = chars[j].1;
            // ’ inside a word is an apostrophe (it’s, Putin’s), not a closing mark.
            if closers.contains(&d) && !(d == '’' && alnum(j + 1) && alnum(j - 1)) {
                found = Some(j);
                break;
            }
            j += 1;
        }
        match found {
            Some(j) => {
                let (close_pos, close) = chars[j];
                out.push(Quote {
                    open: pos,
                    inner: (inner_start, close_pos),
                    close_end: close_pos + close.len_utf8(),
                });
                i = j + 1;
            }
            None => {
                out.push(Quote {
                    open: pos,
                    inner: (inner_start, p.len()),
                    close_end: p.len(),
                });
                break;
            }
        }
    }
    out
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "lt", "col", "no", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jr", "prof", "gov", "vs",
    "e.g", "i.e", "gov", "adm", "maj", "sgt", "capt", "inc", "corp", "co", "ltd", "approx",
];

/// The sentences of a paragraph as byte ranges (trimmed). A sentence ends at . ? ! or …
/// (with any closing marks after it) before a capital, a digit or an opening mark; not
/// after an abbreviation (Mr., U.S., Nov.). `quotes` says which straight marks open.
pub fn sentences(p: &str, quotes: &[Quote]) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let opens: Vec<usize> = quotes.iter().map(|q| q.open).collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !matches!(c, '.' | '?' | '!' | '…') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let (pos, d) = chars[j];
            let closing = matches!(d, '.' | '?' | '!' | '”' | '’' | '»' | ')')
                || (d == '"' && !opens.contains(&pos));
            if !closing {
                break;
            }
            j += 1;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let spaced = k > j;
        let boundary = if k >= chars.len() {
            true
        } else {
            let (npos, n) = chars[k];
            let opener = matches!(n, '“' | '„' | '«' | '‘') || (n == '"' && opens.contains(&npos));
            let starts = n.is_uppercase() || opener || (spaced && n.is_ascii_digit());
            if !starts || (c == '.' && abbreviation(p, chars[i].0)) {
                false
            } else if !spaced {
                // "here.The": only after a lower-case word of two letters or more
                i >= 2 && chars[i - 1].1.is_lowercase() && chars[i - 2].1.is_alphabetic()
                    || j > i + 1
                    || opener
            } else {
                true
            }
        };
        if boundary {
            let end = if j < chars.len() { chars[j].0 } else { p.len() };
            push_trimmed(p, start, end, &mut out);
            start = if k < chars.len() { chars[k].0 } else { p.len() };
            i = k;
        } else {
            i = j;
        }
    }
    push_trimmed(p, start, p.len(), &mut out);
    out
}

fn push_trimmed(p: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &p[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push((start + lead, end - trail));
    }
}

/// Whether the word ending at the full stop at `dot` is an abbreviation.
fn abbreviation(p: &str, dot: usize) -> bool {
    let before = &p[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials and dotted abbreviations: J. Smith, U.S., U.K.
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    (letters.len() == 1 && letters[0].is_uppercase())
        || (word.contains('.') && word.chars().all(|c| c.is_uppercase() || c == '.'))
}

/// A word of a text: its byte range and its folded form (lower case, no possessive, no
/// thousands separators).
#[derive(Debug, Clone)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub norm: String,
    /// Starts with a capital letter.
    pub capital: bool,
    /// Followed by a possessive ’s (Putin’s envoy).
    pub possessive: bool,
}

/// The words of `text[range]` (offsets into `text`).
pub fn words(text: &str, from: usize, to: usize) -> Vec<Word> {
    let s = &text[from..to];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let is_word = |c: char| c.is_alphanumeric();
    while i < chars.len() {
        let c = chars[i].1;
        if !(is_word(c) || (c == '$' && chars.get(i + 1).is_some_and(|x| x.1.is_ascii_digit()))) {
            i += 1;
            continue;
        }
        let begin = i;
        let mut j = i + 1;
        while j < chars.len() {
            let d = chars[j].1;
            let next_word = chars.get(j + 1).is_some_and(|x| is_word(x.1));
            let joins = matches!(d, '.' | '-' | '\'' | '’' | ',' | '$') && next_word;
            let joins = joins
                && !(d == ','
                    && !(chars[j - 1].1.is_ascii_digit()
                        && chars.get(j + 1).is_some_and(|x| x.1.is_ascii_digit())));
            if is_word(d) || joins {
                j += 1;
            } else {
                break;
            }
        }
        // A final full stop belongs to an abbreviation like U.S. only.
        let mut end_j = j;
        if j < chars.len() && chars[j].1 == '.' {
            let w: String = chars[begin..j].iter().map(|x| x.1).collect();
            if w.contains('.') {
                end_j = j + 1;
            }
        }
        let start = chars[begin].0;
        let end = if end_j < chars.len() {
            chars[end_j].0
        } else {
            s.len()
        };
        let raw = &s[start..end];
        let mut norm = raw.to_lowercase().replace('’', "'");
        let mut possessive = false;
        for suffix in ["'s", "s'"] {
            if norm.len() > 3 && norm.ends_with(suffix) {
                norm.truncate(norm.len() - 2);
                if suffix == "s'" {
                    norm.push('s');
                }
                possessive = true;
                break;
            }
        }
        if norm.ends_with('\'') {
            norm.pop();
            possessive = true;
        }
        if norm.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            norm.retain(|c| c != ',');
        }
        let norm = norm.trim_end_matches('.').to_string();
        out.push(Word {
            start: from + start,
            end: from + end,
            norm,
            capital: raw.chars().next().is_some_and(char::is_uppercase),
            possessive,
        });
        i = end_j.max(i + 1);
    }
    out
}

/// A crude stem: the folded word cut to six characters (recognise, recognised,
/// recognized → recogn; sanctions, sanction → sancti).
pub fn stem(norm: &str) -> String {
    let w = norm.trim_start_matches('$');
    let w = w.strip_prefix("us$").unwrap_or(w);
    w.chars().take(6).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(p: &str) -> Vec<&str> {
        let q = quotes(p);
        sentences(p, &q)
            .into_iter()
            .map(|(a, b)| &p[a..b])
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_abbreviations() {
        assert_eq!(
            split("The U.S. official said so. Mr. Smith left on Oct. 24. Then here.The end"),
            vec![
                "The U.S. official said so.",
                "Mr. Smith left on Oct. 24.",
                "Then here.",
                "The end"
            ]
        );
        assert_eq!(
            split("“It is over.” He left. \"We agree.\"Then more."),
            vec!["“It is over.”", "He left.", "\"We agree.\"", "Then more."]
        );
    }

    #[test]
    fn quotes_in_every_style_and_apostrophes_are_not_quotes() {
        let p = "“A b,” x said. „C d“ and «E f» and ‘G h’ and \"I j\" — it’s Putin’s.";
        let q: Vec<&str> = quotes(p).iter().map(|q| &p[q.inner.0..q.inner.1]).collect();
        assert_eq!(q, vec!["A b,", "C d", "E f", "G h", "I j"]);
    }

    #[test]
    fn words_fold_possessives_and_figures() {
        let t = "Putin’s envoy: 600,000 troops, US$100 billion, the U.S. plan.";
        let w: Vec<String> = words(t, 0, t.len()).into_iter().map(|w| w.norm).collect();
        assert_eq!(
            w,
            vec!["putin", "envoy", "600000", "troops", "us$100", "billion", "the", "u.s", "plan"]
        );
    }
}
