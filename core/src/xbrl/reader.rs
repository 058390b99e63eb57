//! The streaming reader behind [`XbrlDocument`](super::XbrlDocument).
//!
//! One pass over the events collects contexts, units and raw facts in
//! document order; a second step resolves each fact's `contextRef` and
//! `unitRef` and types its value. Contexts may therefore come before or
//! after the facts that use them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry as MapEntry;

use quick_xml::events::BytesStart;
use rust_decimal::prelude::ToPrimitive;

use super::context::{Context, ContextParts};
use super::fact::{Decimals, Fact, Unit};
use super::issue::{FactIssue, FactProblem};
use super::taxonomy::{INSTANCE_NAMESPACE, LINKBASE_NAMESPACE, Taxonomy, XSI_NAMESPACE};
use super::value::{FactValue, NumberProblem, parse_exact_decimal, parse_small_integer};
use crate::error::{Error, Result};
use crate::xml_limits::{SafeXmlReader, XmlEvent, XmlLimits};

/// Names the document in error messages.
const WHAT: &str = "XBRL facsimile";

/// Reads `input` into facts and issues, both in document order.
pub(crate) fn read_facts(input: &[u8], limits: &XmlLimits) -> Result<(Vec<Fact>, Vec<FactIssue>)> {
    let mut reader = SafeXmlReader::new(input, limits, WHAT)?;
    let mut collected = Collected::default();

    let root_is_empty = read_root(&mut reader)?;
    if !root_is_empty {
        read_children(&mut reader, &mut collected)?;
    }
    read_to_end(&mut reader)?;

    Ok(collected.resolve())
}

/// A fact as written, before its context and unit are looked up. Its
/// `contextRef` and `unitRef` are positions in [`Collected`]'s lists of
/// referenced ids: thousands of facts share a handful of ids.
#[derive(Debug)]
struct RawFact<'i> {
    mdrm: String,
    taxonomy: Taxonomy,
    context_ref: Option<usize>,
    unit_ref: Option<usize>,
    /// `decimals` read, or the text that is not a valid `decimals`.
    decimals: Option<Result<Decimals, String>>,
    nil: bool,
    /// Borrowed from the input unless the text came in several pieces.
    text: Cow<'i, str>,
    nested: bool,
}

/// A child of the root that matters, in document order.
#[derive(Debug)]
enum Item<'i> {
    Fact(RawFact<'i>),
    Skipped(FactIssue),
}

#[derive(Debug, Default)]
struct Collected<'i> {
    /// Context id to the context, or to why it cannot be used.
    contexts: HashMap<String, Result<Context, String>>,
    /// Unit id to the unit it declares.
    units: HashMap<String, Unit>,
    /// Every id a fact's `contextRef` names.
    context_refs: IdList,
    /// Every id a fact's `unitRef` names.
    unit_refs: IdList,
    items: Vec<Item<'i>>,
}

/// Distinct ids in order of first use, each read once however many facts
/// name it.
#[derive(Debug, Default)]
struct IdList {
    ids: Vec<String>,
    positions: HashMap<String, usize>,
}

impl IdList {
    /// The position of `id`, added if new. Facts name the same id as the
    /// fact before them far more often than not, so that is tried first.
    fn position(&mut self, id: &str) -> usize {
        if let Some(last) = self.ids.last()
            && last == id
        {
            return self.ids.len() - 1;
        }
        if let Some(&position) = self.positions.get(id) {
            return position;
        }

        let position = self.ids.len();
        self.ids.push(id.to_owned());
        self.positions.insert(id.to_owned(), position);
        position
    }

    fn get(&self, position: Option<usize>) -> Option<&String> {
        position.map(|position| &self.ids[position])
    }
}

/// What a child of the root is, decided by its resolved name.
#[derive(Debug)]
enum Child {
    Context,
    Unit,
    /// Other XBRL instance or linkbase markup (`schemaRef`, footnote links).
    Markup,
    Fact(Taxonomy),
    /// An element in a namespace that holds no FFIEC concept.
    Foreign(Option<String>),
}

impl Child {
    fn classify(namespace: Option<&str>, local: &str) -> Child {
        match (namespace, local) {
            (Some(INSTANCE_NAMESPACE), "context") => Child::Context,
            (Some(INSTANCE_NAMESPACE), "unit") => Child::Unit,
            (Some(INSTANCE_NAMESPACE | LINKBASE_NAMESPACE), _) => Child::Markup,
            _ => match namespace.and_then(Taxonomy::from_namespace) {
                Some(taxonomy) => Child::Fact(taxonomy),
                None => Child::Foreign(namespace.map(str::to_owned)),
            },
        }
    }
}

/// Finds the root element and checks that it is XBRL's `xbrl`. Returns
/// whether the root is self-closing (an instance with no facts).
fn read_root(reader: &mut SafeXmlReader<'_>) -> Result<bool> {
    loop {
        let (start, empty) = match reader.next_event()? {
            XmlEvent::Start(start) => (start, false),
            XmlEvent::Empty(start) => (start, true),
            XmlEvent::Text(text) if is_xml_blank(&text) => continue,
            XmlEvent::Text(_) => return Err(malformed(reader, "text before the root element")),
            XmlEvent::End(_) | XmlEvent::Eof => {
                return Err(malformed(reader, "no root element"));
            }
        };

        let (namespace, local) = reader.resolve_element(start.name())?;
        if namespace != Some(INSTANCE_NAMESPACE) || local != "xbrl" {
            return Err(Error::malformed(format!(
                "{WHAT}: the root element is `{local}` in namespace {}, not `xbrl` in {INSTANCE_NAMESPACE}",
                namespace.unwrap_or("(none)")
            )));
        }
        return Ok(empty);
    }
}

/// Reads the children of the root until the root closes.
fn read_children<'i>(reader: &mut SafeXmlReader<'i>, collected: &mut Collected<'i>) -> Result<()> {
    loop {
        let (start, empty) = match reader.next_event()? {
            XmlEvent::Start(start) => (start, false),
            XmlEvent::Empty(start) => (start, true),
            XmlEvent::End(_) => return Ok(()),
            // Whitespace between children; stray text at this level carries no fact.
            XmlEvent::Text(_) => continue,
            XmlEvent::Eof => return Err(malformed(reader, "the root element is not closed")),
        };

        let (namespace, local) = reader.resolve_element(start.name())?;
        match Child::classify(namespace, local) {
            Child::Context => read_context(reader, &start, empty, collected)?,
            Child::Unit => read_unit(reader, &start, empty, collected)?,
            Child::Markup => skip(reader, empty)?,
            Child::Fact(taxonomy) => {
                let mdrm = local.to_owned();
                let fact = read_fact(reader, &start, empty, mdrm, taxonomy, collected)?;
                collected.items.push(Item::Fact(fact));
            }
            Child::Foreign(namespace) => {
                let context_id = reader.attribute(&start, None, "contextRef")?;
                skip(reader, empty)?;
                collected.items.push(Item::Skipped(FactIssue {
                    concept: local.to_owned(),
                    context_id,
                    problem: FactProblem::UnknownNamespace(namespace),
                }));
            }
        }
    }
}

/// After the root closes only comments and whitespace may follow.
fn read_to_end(reader: &mut SafeXmlReader<'_>) -> Result<()> {
    loop {
        match reader.next_event()? {
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Text(text) if is_xml_blank(&text) => {}
            _ => return Err(malformed(reader, "content after the root element")),
        }
    }
}

/// Which part of a context the text being read belongs to.
#[derive(Debug, Clone, Copy)]
enum ContextField {
    Identifier,
    Instant,
    StartDate,
    EndDate,
}

/// Reads a context element into `collected.contexts`; a context whose id is
/// defined twice is marked unusable rather than silently replaced.
fn read_context(
    reader: &mut SafeXmlReader<'_>,
    start: &BytesStart<'_>,
    empty: bool,
    collected: &mut Collected<'_>,
) -> Result<()> {
    let id = reader.attribute(start, None, "id")?;
    let mut parts = ContextParts::default();

    if !empty {
        let level = reader.depth();
        let mut field = None;
        let mut text = String::new();
        loop {
            match reader.next_event()? {
                XmlEvent::Start(child) => {
                    field = context_field(reader, &child, &mut parts)?;
                    text.clear();
                }
                XmlEvent::Empty(child) => {
                    // A self-closing field has already ended: record it empty.
                    let empty_field = context_field(reader, &child, &mut parts)?;
                    store_context_field(&mut parts, empty_field, &mut String::new());
                }
                XmlEvent::Text(piece) => {
                    if field.is_some() {
                        text.push_str(&piece);
                    }
                }
                XmlEvent::End(_) if reader.depth() < level => break,
                XmlEvent::End(_) => store_context_field(&mut parts, field.take(), &mut text),
                XmlEvent::Eof => return Err(malformed(reader, "a context is not closed")),
            }
        }
    }

    // A context without an id can be referred to by no fact: nothing to keep.
    let Some(id) = id else { return Ok(()) };
    match collected.contexts.entry(id) {
        MapEntry::Vacant(slot) => {
            slot.insert(parts.into_context());
        }
        MapEntry::Occupied(mut slot) => {
            *slot.get_mut() = Err("id is defined more than once".to_owned());
        }
    }
    Ok(())
}

/// Reads a unit element into `collected.units`: a single known measure gives
/// its [`Unit`], anything else (a ratio of measures, an unknown measure) is
/// [`Unit::Other`] named by the id.
fn read_unit(
    reader: &mut SafeXmlReader<'_>,
    start: &BytesStart<'_>,
    empty: bool,
    collected: &mut Collected<'_>,
) -> Result<()> {
    let id = reader.attribute(start, None, "id")?;
    let mut measures = Vec::new();
    let mut in_measure = false;
    let mut divides = false;

    if !empty {
        let level = reader.depth();
        let mut text = String::new();
        loop {
            match reader.next_event()? {
                XmlEvent::Start(child) => {
                    let (namespace, local) = reader.resolve_element(child.name())?;
                    let is_instance = namespace == Some(INSTANCE_NAMESPACE);
                    divides |= is_instance && local == "divide";
                    in_measure = is_instance && local == "measure";
                    text.clear();
                }
                XmlEvent::Empty(_) => {}
                XmlEvent::Text(piece) => {
                    if in_measure {
                        text.push_str(&piece);
                    }
                }
                XmlEvent::End(_) if reader.depth() < level => break,
                XmlEvent::End(_) => {
                    if in_measure {
                        measures.push(std::mem::take(&mut text));
                    }
                    in_measure = false;
                }
                XmlEvent::Eof => return Err(malformed(reader, "a unit is not closed")),
            }
        }
    }

    let Some(id) = id else { return Ok(()) };
    let unit = match measures.as_slice() {
        [measure] if !divides => Unit::classify(measure),
        _ => None,
    };
    collected
        .units
        .insert(id.clone(), unit.unwrap_or(Unit::Other(id)));
    Ok(())
}

/// Reads a fact element's attributes and text; child elements are noted and
/// skipped, so the fact can be reported instead of read.
fn read_fact<'i>(
    reader: &mut SafeXmlReader<'i>,
    start: &BytesStart<'_>,
    empty: bool,
    mdrm: String,
    taxonomy: Taxonomy,
    collected: &mut Collected<'i>,
) -> Result<RawFact<'i>> {
    let mut fact = RawFact {
        mdrm,
        taxonomy,
        context_ref: None,
        unit_ref: None,
        decimals: None,
        nil: false,
        text: Cow::Borrowed(""),
        nested: false,
    };

    // One pass over the attributes; the first of each name counts.
    let mut nil_seen = false;
    for attribute in reader.attributes(start) {
        let attribute = attribute?;
        if fact.context_ref.is_none() && attribute.is(None, "contextRef")? {
            fact.context_ref = Some(collected.context_refs.position(&attribute.value()?));
        } else if fact.unit_ref.is_none() && attribute.is(None, "unitRef")? {
            fact.unit_ref = Some(collected.unit_refs.position(&attribute.value()?));
        } else if fact.decimals.is_none() && attribute.is(None, "decimals")? {
            let text = attribute.value()?;
            fact.decimals = Some(Decimals::parse(&text).ok_or_else(|| text.into_owned()));
        } else if !nil_seen && attribute.is(Some(XSI_NAMESPACE), "nil")? {
            nil_seen = true;
            fact.nil = matches!(attribute.value()?.trim(), "true" | "1");
        }
    }
    if empty {
        return Ok(fact);
    }

    let level = reader.depth();
    loop {
        match reader.next_event()? {
            XmlEvent::Text(piece) if fact.text.is_empty() => fact.text = piece,
            XmlEvent::Text(piece) => fact.text.to_mut().push_str(&piece),
            XmlEvent::End(_) if reader.depth() < level => return Ok(fact),
            XmlEvent::Start(_) => {
                fact.nested = true;
                reader.skip_element()?;
            }
            XmlEvent::Empty(_) => fact.nested = true,
            XmlEvent::End(_) | XmlEvent::Eof => {
                return Err(malformed(reader, "a fact is not closed"));
            }
        }
    }
}

impl Collected<'_> {
    /// Resolves every raw fact against the contexts and units.
    fn resolve(mut self) -> (Vec<Fact>, Vec<FactIssue>) {
        let items = std::mem::take(&mut self.items);
        let contexts = self.referenced_contexts();
        let units = self.referenced_units();
        let mut facts = Vec::with_capacity(items.len());
        let mut issues = Vec::new();

        for item in items {
            match item {
                Item::Skipped(issue) => issues.push(issue),
                Item::Fact(raw) => match resolve_fact(&raw, &contexts, &units) {
                    Ok((context, value)) => facts.push(Fact {
                        mdrm: raw.mdrm,
                        taxonomy: raw.taxonomy,
                        context_id: context.id.clone(),
                        rssd: context.context.rssd,
                        period: context.context.period,
                        value,
                        unit: raw.unit_ref.map(|position| units[position].clone()),
                        decimals: raw.decimals.and_then(Result::ok),
                    }),
                    Err(problem) => issues.push(FactIssue {
                        concept: raw.mdrm,
                        context_id: self.context_refs.get(raw.context_ref).cloned(),
                        problem,
                    }),
                },
            }
        }
        (facts, issues)
    }

    /// Each id of [`context_refs`](Self::context_refs), looked up once.
    fn referenced_contexts(&self) -> Vec<Result<NamedContext<'_>, FactProblem>> {
        let lookup = |id| match self.contexts.get(id) {
            None => Err(FactProblem::UnknownContext),
            Some(Err(reason)) => Err(FactProblem::InvalidContext(reason.clone())),
            Some(Ok(context)) => Ok(NamedContext {
                id,
                context: *context,
            }),
        };
        self.context_refs.ids.iter().map(lookup).collect()
    }

    /// Each id of [`unit_refs`](Self::unit_refs), resolved once: the unit it
    /// declares, else the unit its name says, else an unknown unit by that name.
    fn referenced_units(&self) -> Vec<Unit> {
        let lookup = |id: &String| {
            self.units
                .get(id)
                .cloned()
                .or_else(|| Unit::classify(id))
                .unwrap_or_else(|| Unit::Other(id.clone()))
        };
        self.unit_refs.ids.iter().map(lookup).collect()
    }
}

/// A context and the id facts name it by.
#[derive(Debug, Clone, Copy)]
struct NamedContext<'c> {
    id: &'c String,
    context: Context,
}

/// The context and typed value of a fact, or the first reason it cannot be
/// read: its context, then child elements, then `decimals`, then its value.
fn resolve_fact<'c>(
    raw: &RawFact<'_>,
    contexts: &[Result<NamedContext<'c>, FactProblem>],
    units: &[Unit],
) -> Result<(NamedContext<'c>, FactValue), FactProblem> {
    let position = raw.context_ref.ok_or(FactProblem::MissingContextRef)?;
    let context = contexts[position].clone()?;

    if raw.nested {
        return Err(FactProblem::NestedElements);
    }
    if let Some(Err(text)) = &raw.decimals {
        return Err(FactProblem::InvalidDecimals(text.clone()));
    }

    let unit = raw.unit_ref.map(|position| &units[position]);
    let value = type_value(raw.nil, unit, &raw.text)?;
    Ok((context, value))
}

/// Types a fact's text by its unit; see [`FactValue`] for the rules.
fn type_value(nil: bool, unit: Option<&Unit>, text: &str) -> Result<FactValue, FactProblem> {
    if nil {
        return Ok(FactValue::Nil);
    }
    let trimmed = text.trim_matches(is_xml_space);
    if trimmed.is_empty() {
        return Ok(FactValue::Empty);
    }

    match unit {
        Some(Unit::Usd) => match parse_small_integer(trimmed) {
            Some(dollars) => Ok(FactValue::Dollars(dollars)),
            None => dollars_from_decimal(trimmed),
        },
        Some(_) => parse_exact_decimal(trimmed)
            .map(FactValue::Decimal)
            .map_err(|_| FactProblem::NotANumber(trimmed.to_owned())),
        None => Ok(match trimmed {
            "true" => FactValue::Bool(true),
            "false" => FactValue::Bool(false),
            _ => FactValue::Text(text.to_owned()),
        }),
    }
}

/// Dollars written other than as a plain integer (`1500.000`, or too many
/// digits for a quick read): whole and within `i64`, or a problem.
fn dollars_from_decimal(trimmed: &str) -> Result<FactValue, FactProblem> {
    match parse_exact_decimal(trimmed) {
        Err(NumberProblem::NotANumber) => Err(FactProblem::NotANumber(trimmed.to_owned())),
        Err(NumberProblem::TooManyDigits) => Err(FactProblem::NotWholeDollars(trimmed.to_owned())),
        Ok(amount) => amount
            .is_integer()
            .then(|| amount.to_i64())
            .flatten()
            .map(FactValue::Dollars)
            .ok_or_else(|| FactProblem::NotWholeDollars(trimmed.to_owned())),
    }
}

/// The context field that `child` opens, if any; notes a `forever` period.
fn context_field(
    reader: &SafeXmlReader<'_>,
    child: &BytesStart<'_>,
    parts: &mut ContextParts,
) -> Result<Option<ContextField>> {
    let (namespace, local) = reader.resolve_element(child.name())?;
    if namespace != Some(INSTANCE_NAMESPACE) {
        return Ok(None);
    }
    Ok(match local {
        "identifier" => Some(ContextField::Identifier),
        "instant" => Some(ContextField::Instant),
        "startDate" => Some(ContextField::StartDate),
        "endDate" => Some(ContextField::EndDate),
        "forever" => {
            parts.forever = true;
            None
        }
        _ => None,
    })
}

fn store_context_field(parts: &mut ContextParts, field: Option<ContextField>, text: &mut String) {
    let value = Some(std::mem::take(text));
    match field {
        Some(ContextField::Identifier) => parts.identifier = value,
        Some(ContextField::Instant) => parts.instant = value,
        Some(ContextField::StartDate) => parts.start_date = value,
        Some(ContextField::EndDate) => parts.end_date = value,
        None => {}
    }
}

fn skip(reader: &mut SafeXmlReader<'_>, empty: bool) -> Result<()> {
    if empty { Ok(()) } else { reader.skip_element() }
}

fn is_xml_space(character: char) -> bool {
    matches!(character, ' ' | '\t' | '\n' | '\r')
}

fn is_xml_blank(text: &str) -> bool {
    text.chars().all(is_xml_space)
}

fn malformed(reader: &SafeXmlReader<'_>, problem: &str) -> Error {
    Error::malformed(format!("{WHAT}: {problem} at byte {}", reader.position()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn usd_values_must_be_whole_dollars_in_64_bits() {
        let usd = Some(&Unit::Usd);
        assert_eq!(
            type_value(false, usd, " -1500 "),
            Ok(FactValue::Dollars(-1500))
        );
        assert_eq!(
            type_value(false, usd, "1500.000"),
            Ok(FactValue::Dollars(1500))
        );
        assert_eq!(
            type_value(false, usd, "12.5"),
            Err(FactProblem::NotWholeDollars("12.5".to_owned()))
        );
        assert_eq!(
            type_value(false, usd, "9223372036854775808"),
            Err(FactProblem::NotWholeDollars(
                "9223372036854775808".to_owned()
            ))
        );
        assert_eq!(
            type_value(false, usd, "1e3"),
            Err(FactProblem::NotANumber("1e3".to_owned()))
        );
    }

    #[test]
    fn other_units_are_exact_decimals_and_no_unit_is_text_or_bool() {
        assert_eq!(
            type_value(false, Some(&Unit::Pure), "0.071144"),
            Ok(FactValue::Decimal(Decimal::new(71144, 6)))
        );
        assert_eq!(
            type_value(false, Some(&Unit::Other("shares".into())), "12"),
            Ok(FactValue::Decimal(Decimal::new(12, 0)))
        );
        assert_eq!(
            type_value(false, None, " true\n"),
            Ok(FactValue::Bool(true))
        );
        assert_eq!(
            type_value(false, None, "TRUE"),
            Ok(FactValue::Text("TRUE".into()))
        );
        assert_eq!(type_value(false, None, "\n \t"), Ok(FactValue::Empty));
        assert_eq!(
            type_value(true, Some(&Unit::Usd), "junk"),
            Ok(FactValue::Nil)
        );
    }
}
