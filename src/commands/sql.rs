//! `provtrack sql "SELECT ..."`: one read-only statement of the user's own, with
//! `--param NAME=VALUE` values for its `:NAME` parameters. The store refuses anything
//! that would write, or more than one statement.

use super::Ctx;
use crate::cli::SqlArgs;
use crate::dates::PartialDate;
use crate::error::{Error, Result};

pub fn run(ctx: &mut Ctx, args: &SqlArgs) -> Result<()> {
    let params = parse_params(&args.params)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| PartialDate::parse("as-of", d))
        .transpose()?;
    let store = ctx.read()?;
    let timeout = (args.timeout > 0).then(|| std::time::Duration::from_secs(args.timeout));
    let db = store.db();
    if let Some(day) = as_of {
        db.see_as_of(&day.last_day())?;
    }
    db.adhoc_sql(&args.sql, &params, timeout, &mut ctx.out)
}

/// `NAME=VALUE` pairs; the name may carry SQLite's `:`, `@` or `$` prefix.
fn parse_params(params: &[String]) -> Result<Vec<(String, String)>> {
    let mut parsed: Vec<(String, String)> = Vec::new();
    for text in params {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| Error::invalid(format!("--param '{text}': expected NAME=VALUE")))?;
        let name = name.trim_start_matches([':', '@', '$']);
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(Error::invalid(format!(
                "--param '{text}': the name must be letters, digits or _"
            )));
        }
        if parsed.iter().any(|(n, _)| n == name) {
            return Err(Error::invalid(format!("--param {name} is given twice")));
        }
        parsed.push((name.to_string(), value.to_string()));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_split_at_the_first_equals_sign() {
        let parsed = parse_params(&[":plan=a=b".into(), "n=".into()]).unwrap();
        assert_eq!(
            parsed,
            [("plan".into(), "a=b".into()), ("n".into(), String::new())]
        );
        assert!(parse_params(&["novalue".into()]).is_err());
        assert!(parse_params(&["a=1".into(), "a=2".into()]).is_err());
    }
}
