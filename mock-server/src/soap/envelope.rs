//! Reading a SOAP request envelope.

use quick_xml::NsReader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use super::{SERVICE_NS, SoapVersion};

const SOAP11_ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_ENVELOPE_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

/// What the mock reads from a request envelope.
#[derive(Debug, Default)]
pub(crate) struct Envelope {
    /// Known from the envelope's namespace.
    pub(crate) version: Option<SoapVersion>,
    /// The `wsse:UsernameToken` of the header, if any.
    pub(crate) token: Option<UsernameToken>,
    /// The local name of the body's first element, if it is in the
    /// service namespace.
    pub(crate) operation: Option<String>,
    /// The body element's children in the service namespace: local name and
    /// text. Children in another namespace (or none) are not parameters.
    pub(crate) params: Vec<(String, String)>,
}

impl Envelope {
    /// The text of the parameter `name`, if sent.
    pub(crate) fn param(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|(local, _)| local == name)
            .map(|(_, text)| text.clone())
    }
}

/// The fields of a WS-Security `UsernameToken`, as sent.
#[derive(Debug, Default, Clone)]
pub(crate) struct UsernameToken {
    pub(crate) username: Option<String>,
    pub(crate) password: Option<String>,
    /// The `Type` attribute of `Password` (absent means PasswordText).
    pub(crate) password_type: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) created: Option<String>,
}

/// Where in the envelope the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Envelope,
    Header,
    Security,
    UsernameToken,
    TokenField,
    Body,
    Operation,
    Param,
    Elsewhere,
}

/// Reads an envelope. A byte-order mark is allowed.
///
/// # Errors
///
/// A message for the client fault if the body is not well-formed XML or
/// not a SOAP envelope.
pub(crate) fn parse(body: &[u8]) -> Result<Envelope, String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|_| "the request is not UTF-8".to_owned())?;
    let mut reader = NsReader::from_str(text);
    let mut envelope = Envelope::default();
    let mut stack: Vec<Place> = Vec::new();
    let mut text = String::new();
    let mut body_seen_element = false;

    loop {
        let (namespace, event) = reader
            .read_resolved_event()
            .map_err(|error| format!("there is an error in the XML document: {error}"))?;
        let namespace = match namespace {
            ResolveResult::Bound(ns) => ns.into_inner().to_owned(),
            _ => String::new(),
        };

        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let local = element.local_name().into_inner().to_owned();
                let parent = stack.last().copied();
                let place = classify(
                    parent,
                    &namespace,
                    &local,
                    &mut body_seen_element,
                    &mut envelope,
                )?;
                if place == Place::TokenField && local == "Password" {
                    let token = envelope.token.get_or_insert_with(Default::default);
                    token.password_type = element
                        .try_get_attribute("Type")
                        .ok()
                        .flatten()
                        .map(|attribute| attribute.value.into_owned());
                }
                text.clear();
                if matches!(event, Event::Start(_)) {
                    stack.push(place);
                } else {
                    finish(place, &local, "", &mut envelope);
                }
            }
            Event::End(ref element) => {
                let place = stack.pop().unwrap_or(Place::Elsewhere);
                let local = element.local_name().into_inner().to_owned();
                finish(place, &local, &text, &mut envelope);
                text.clear();
            }
            Event::Text(ref chunk) => text.push_str(&chunk.xml10_content()),
            Event::CData(ref chunk) => text.push_str(&chunk.xml10_content()),
            Event::GeneralRef(ref reference) => {
                let name = reference.xml10_content();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character.to_string(),
                    _ => resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity '&{name};'"))?
                        .to_owned(),
                };
                text.push_str(&resolved);
            }
            Event::Eof if stack.is_empty() => break,
            Event::Eof => return Err("the XML document ends inside an element".to_owned()),
            _ => {}
        }
    }

    if envelope.version.is_none() {
        return Err("the request is not a SOAP envelope".to_owned());
    }
    Ok(envelope)
}

/// Decides what an element is from its parent, namespace and name.
fn classify(
    parent: Option<Place>,
    namespace: &str,
    local: &str,
    body_seen_element: &mut bool,
    envelope: &mut Envelope,
) -> Result<Place, String> {
    let envelope_ns = match envelope.version {
        Some(SoapVersion::V11) => SOAP11_ENVELOPE_NS,
        Some(SoapVersion::V12) => SOAP12_ENVELOPE_NS,
        None => "",
    };
    Ok(match (parent, local) {
        (None, "Envelope") => {
            envelope.version = match namespace {
                SOAP11_ENVELOPE_NS => Some(SoapVersion::V11),
                SOAP12_ENVELOPE_NS => Some(SoapVersion::V12),
                _ => return Err(format!("unknown SOAP envelope namespace '{namespace}'")),
            };
            Place::Envelope
        }
        (None, _) => {
            return Err(format!(
                "the root element is '{local}', not a SOAP Envelope"
            ));
        }
        (Some(Place::Envelope), "Header") if namespace == envelope_ns => Place::Header,
        (Some(Place::Envelope), "Body") if namespace == envelope_ns => Place::Body,
        (Some(Place::Header), "Security") if namespace == WSSE_NS => Place::Security,
        (Some(Place::Security), "UsernameToken") if namespace == WSSE_NS => {
            envelope.token.get_or_insert_with(Default::default);
            Place::UsernameToken
        }
        (Some(Place::UsernameToken), "Username" | "Password" | "Nonce" | "Created") => {
            Place::TokenField
        }
        (Some(Place::Body), _) if !*body_seen_element => {
            *body_seen_element = true;
            if namespace == SERVICE_NS {
                envelope.operation = Some(local.to_owned());
            }
            Place::Operation
        }
        (Some(Place::Operation), _) if namespace == SERVICE_NS => Place::Param,
        _ => Place::Elsewhere,
    })
}

/// Stores the text of an element that has just ended.
fn finish(place: Place, local: &str, text: &str, envelope: &mut Envelope) {
    match place {
        Place::TokenField => {
            let token = envelope.token.get_or_insert_with(Default::default);
            let value = Some(text.trim().to_owned());
            match local {
                "Username" => token.username = value,
                "Password" => token.password = value,
                "Nonce" => token.nonce = value,
                _ => token.created = value,
            }
        }
        Place::Param => envelope.params.push((local.to_owned(), text.to_owned())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = r#"<?xml version="1.0"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Header>
    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <wsse:UsernameToken>
        <wsse:Username>demo</wsse:Username>
        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">a&amp;b</wsse:Password>
      </wsse:UsernameToken>
    </wsse:Security>
  </s:Header>
  <s:Body>
    <RetrieveFacsimile xmlns="http://cdr.ffiec.gov/public/services">
      <dataSeries>Call</dataSeries>
      <fiID>480228</fiID>
      <other:fiIDType xmlns:other="urn:other">ID_RSSD</other:fiIDType>
    </RetrieveFacsimile>
  </s:Body>
</s:Envelope>"#;

    #[test]
    fn reads_version_token_operation_and_qualified_params() {
        let envelope = parse(REQUEST.as_bytes()).unwrap();
        assert_eq!(envelope.version, Some(SoapVersion::V11));
        let token = envelope.token.clone().unwrap();
        assert_eq!(token.username.as_deref(), Some("demo"));
        assert_eq!(token.password.as_deref(), Some("a&b"));
        assert!(token.password_type.unwrap().ends_with("#PasswordText"));
        assert_eq!(envelope.operation.as_deref(), Some("RetrieveFacsimile"));
        assert_eq!(envelope.param("fiID").as_deref(), Some("480228"));
        assert_eq!(
            envelope.param("fiIDType"),
            None,
            "a child in another namespace is no parameter"
        );
    }

    #[test]
    fn rejects_broken_xml_and_non_envelopes() {
        assert!(
            parse(b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>")
                .is_err()
        );
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<Envelope/>").is_err());
    }
}
