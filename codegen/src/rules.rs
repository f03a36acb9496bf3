//! The validation rules of a schema, as one model built once from the spec
//! and read twice: by the reference interpreter ([`crate::schema::validate`],
//! which the lint runs on every example) and by the server emitter, which
//! writes the same rules as validator code (`server.rs`). Neither walks the
//! raw JSON of a schema, so the two cannot disagree on what a schema means.
//!
//! The rules are the part of JSON Schema that the lint lets through and that
//! a zone enforces, each failure answered with its Onedata error id: object
//! members (`required`, `minProperties`, `properties`,
//! `additionalProperties: false` or a schema for every other member — a
//! map), the JSON types, the ranges of the Rust types typify picks for
//! integer and number `format`s, `minimum` and `maximum` (an integer's
//! `exclusiveMinimum`/`exclusiveMaximum` as the next integer in),
//! `minItems: 1`, string enums (also as list items), `nullable`, and `oneOf` — tagged by a one-value enum on a common required
//! property, or untagged over named schemas. They are built from the
//! normalized document (`crate::normalize`): `allOf` and `discriminator` are
//! gone by then.

use serde_json::Value;

use crate::schema::{deref, tagged_union};

/// What a value must be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    /// The rule of the named component schema (`$ref`): looked up by name,
    /// so recursive schemas stay finite.
    Named(String),
    /// `null`, or what the inner rule accepts.
    Nullable(Box<Rule>),
    /// An object.
    Object(ObjectRule),
    /// A `oneOf` of objects told apart by the string property `tag`: each
    /// tag value with its variant's rule.
    Tagged { tag: String, variants: Vec<(String, ObjectRule)> },
    /// An untagged `oneOf`: exactly one alternative must accept the value.
    OneOf(Vec<Rule>),
    /// A list of strings from `allowed` (an array whose items are a string
    /// enum); not empty when `non_empty` (`minItems: 1`).
    EnumList { allowed: Vec<String>, non_empty: bool },
    /// A list whose items follow the rule; not empty when `non_empty`.
    Array { items: Box<Rule>, non_empty: bool },
    /// A string, one of `allowed` when given.
    String(Option<Vec<String>>),
    /// `true` or `false`.
    Boolean,
    /// An integer; within the range of a Rust integer type when the schema
    /// has a `format` typify maps to one, then within `bounds`.
    Integer { width: Option<IntegerType>, bounds: Bounds },
    /// A number; within `f32`'s range for `format: float` (typify's `f32`),
    /// then within `bounds`.
    Number { single: bool, bounds: Bounds },
    /// Anything (a schema without a rule we enforce).
    Any,
}

/// The inclusive range a number must lie in (`minimum`, `maximum`). Out of
/// it, a zone answers `badValueTooLow` or `badValueTooHigh` (one bound, as
/// `limit`) or `badValueNotInRange` (both, as `low` and `high`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Bounds {
    pub low: Option<Limit>,
    pub high: Option<Limit>,
}

/// One bound: exact for integers, a float otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Limit {
    Int(i128),
    Float(f64),
}

impl Bounds {
    /// The bounds of a schema; an integer's exclusive bound becomes the next
    /// integer inside it (a fractional bound too). A `number`'s exclusive
    /// bounds have no Onedata error; the lint refuses them.
    fn of(schema: &Value, integer: bool) -> Bounds {
        let limit = |name: &str, exclusive: &str, up: bool| {
            let n = schema.get(name).and_then(Value::as_number)?;
            let exclusive = schema.get(exclusive).and_then(Value::as_bool) == Some(true);
            let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
            Some(match (integer, exact) {
                (false, Some(n)) => Limit::Int(n),
                (false, None) => Limit::Float(n.as_f64()?),
                (true, Some(n)) => Limit::Int(if !exclusive {
                    n
                } else if up {
                    n + 1
                } else {
                    n - 1
                }),
                (true, None) => {
                    let f = n.as_f64()?;
                    let inside = match (up, exclusive) {
                        (true, false) => f.ceil(),
                        (true, true) => f.floor() + 1.0,
                        (false, false) => f.floor(),
                        (false, true) => f.ceil() - 1.0,
                    };
                    #[allow(clippy::cast_possible_truncation)]
                    Limit::Int(inside as i128)
                }
            })
        };
        Bounds { low: limit("minimum", "exclusiveMinimum", true), high: limit("maximum", "exclusiveMaximum", false) }
    }

    /// Whether there is a bound at all.
    pub fn any(&self) -> bool {
        self.low.is_some() || self.high.is_some()
    }

    /// Whether the number `n` lies within the bounds.
    pub fn hold(&self, n: &serde_json::Number) -> bool {
        let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
        let cmp = |limit: Limit| match (exact, limit) {
            (Some(n), Limit::Int(l)) => Some(n.cmp(&l)),
            #[allow(clippy::cast_precision_loss)]
            (_, Limit::Int(l)) => n.as_f64()?.partial_cmp(&(l as f64)),
            (_, Limit::Float(l)) => n.as_f64()?.partial_cmp(&l),
        };
        self.low.is_none_or(|l| cmp(l).is_some_and(std::cmp::Ordering::is_ge))
            && self.high.is_none_or(|h| cmp(h).is_some_and(std::cmp::Ordering::is_le))
    }
}

impl Limit {
    /// The bound as the JSON number of an error's details.
    pub fn to_json(self) -> Value {
        match self {
            Limit::Int(n) => serde_json::Number::from_i128(n).map_or(Value::Null, Value::Number),
            Limit::Float(f) => Value::from(f),
        }
    }
}

/// The Rust integer types typify gives an integer `format`
/// (`typify-impl/src/convert.rs`, `convert_integer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntegerType {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
}

impl IntegerType {
    fn of_format(format: &str) -> Option<Self> {
        Some(match format {
            "int8" => Self::I8,
            "uint8" => Self::U8,
            "int16" => Self::I16,
            "uint16" => Self::U16,
            "int" | "int32" => Self::I32,
            "uint" | "uint32" => Self::U32,
            "int64" => Self::I64,
            "uint64" => Self::U64,
            _ => return None,
        })
    }

    /// The Rust type's name.
    pub fn rust(self) -> &'static str {
        match self {
            Self::I8 => "i8",
            Self::U8 => "u8",
            Self::I16 => "i16",
            Self::U16 => "u16",
            Self::I32 => "i32",
            Self::U32 => "u32",
            Self::I64 => "i64",
            Self::U64 => "u64",
        }
    }

    /// Whether the type holds `n`.
    pub fn holds(self, n: i128) -> bool {
        let (min, max): (i128, i128) = match self {
            Self::I8 => (i8::MIN.into(), i8::MAX.into()),
            Self::U8 => (0, u8::MAX.into()),
            Self::I16 => (i16::MIN.into(), i16::MAX.into()),
            Self::U16 => (0, u16::MAX.into()),
            Self::I32 => (i32::MIN.into(), i32::MAX.into()),
            Self::U32 => (0, u32::MAX.into()),
            Self::I64 => (i64::MIN.into(), i64::MAX.into()),
            Self::U64 => (0, u64::MAX.into()),
        };
        (min..=max).contains(&n)
    }
}

/// The rules of an object's members, in the order they are checked:
/// required keys, `minProperties`, each declared property present, then the
/// other members (`additionalProperties`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ObjectRule {
    pub required: Vec<String>,
    /// `minProperties`, counted over the declared properties.
    pub min_properties: Option<usize>,
    pub properties: Vec<(String, Rule)>,
    /// What a member outside `properties` may be.
    pub others: Others,
}

/// The members an object schema does not declare.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Others {
    /// Anything (`additionalProperties` absent or `true`).
    Allowed,
    /// None (`additionalProperties: false`).
    Refused,
    /// Each value follows the rule (`additionalProperties: {schema}`: a map).
    Each(Box<Rule>),
}

impl ObjectRule {
    /// The declared property names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.properties.iter().map(|(name, _)| name.as_str()).collect()
    }
}

fn strings(values: &[Value]) -> Vec<String> {
    values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

impl Rule {
    /// The rule of `schema`, a schema node of `doc`.
    pub fn build(doc: &Value, schema: &Value) -> Rule {
        if let Some(name) =
            schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            return Rule::Named(name.to_owned());
        }
        let inner = Self::build_inline(doc, schema);
        if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
            Rule::Nullable(Box::new(inner))
        } else {
            inner
        }
    }

    fn build_inline(doc: &Value, schema: &Value) -> Rule {
        if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
            return match tagged_union(doc, schema) {
                Some((tag, variants)) => Rule::Tagged {
                    tag,
                    variants: variants.into_iter().map(|(value, v)| (value, ObjectRule::build(doc, v))).collect(),
                },
                // `nullable: true` beside one `$ref` is written as a one-member
                // `oneOf` (see `normalize::all_of`): the member's rule.
                None if alternatives.len() == 1 => Rule::build(doc, &alternatives[0]),
                None => Rule::OneOf(alternatives.iter().map(|alt| Rule::build(doc, alt)).collect()),
            };
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => Rule::Object(ObjectRule::build(doc, schema)),
            Some("array") => {
                let items = schema.get("items").unwrap_or(&Value::Null);
                let non_empty = schema.get("minItems").and_then(Value::as_u64).is_some_and(|n| n > 0);
                match deref(doc, items).and_then(|i| i.get("enum")).and_then(Value::as_array) {
                    Some(allowed) => Rule::EnumList { allowed: strings(allowed), non_empty },
                    None => Rule::Array { items: Box::new(Rule::build(doc, items)), non_empty },
                }
            }
            Some("string") => Rule::String(schema.get("enum").and_then(Value::as_array).map(|e| strings(e))),
            Some("boolean") => Rule::Boolean,
            Some("integer") => Rule::Integer {
                width: schema.get("format").and_then(Value::as_str).and_then(IntegerType::of_format),
                bounds: Bounds::of(schema, true),
            },
            Some("number") => Rule::Number {
                single: schema.get("format").and_then(Value::as_str) == Some("float"),
                bounds: Bounds::of(schema, false),
            },
            _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
                Rule::Object(ObjectRule::build(doc, schema))
            }
            _ => Rule::Any,
        }
    }
}

impl ObjectRule {
    fn build(doc: &Value, schema: &Value) -> ObjectRule {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| props.iter().map(|(name, s)| (name.clone(), Rule::build(doc, s))).collect())
            .unwrap_or_default();
        ObjectRule {
            required: schema.get("required").and_then(Value::as_array).map(|r| strings(r)).unwrap_or_default(),
            min_properties: schema.get("minProperties").and_then(Value::as_u64).and_then(|m| usize::try_from(m).ok()),
            properties,
            others: match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => Others::Refused,
                Some(each @ Value::Object(_)) => Others::Each(Box::new(Rule::build(doc, each))),
                _ => Others::Allowed,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_model_of_each_construct() {
        let doc = json!({"components": {"schemas": {"Priv": {"type": "string", "enum": ["a", "b"]}}}});
        let build = |s: Value| Rule::build(&doc, &s);
        assert_eq!(build(json!({"$ref": "#/components/schemas/Priv"})), Rule::Named("Priv".into()));
        assert_eq!(
            build(json!({"type": "array", "items": {"$ref": "#/components/schemas/Priv"}})),
            Rule::EnumList { allowed: vec!["a".into(), "b".into()], non_empty: false },
            "an enum list even when the items are a named enum"
        );
        assert_eq!(build(json!({"type": "string", "nullable": true})), Rule::Nullable(Box::new(Rule::String(None))));
        assert_eq!(build(json!({"description": "anything"})), Rule::Any);
        let object = build(json!({"type": "object", "required": ["x"], "minProperties": 1,
            "additionalProperties": false, "properties": {"x": {"type": "integer"}, "y": {"type": "boolean"}}}));
        assert_eq!(
            object,
            Rule::Object(ObjectRule {
                required: vec!["x".into()],
                min_properties: Some(1),
                properties: vec![
                    ("x".into(), Rule::Integer { width: None, bounds: Bounds::default() }),
                    ("y".into(), Rule::Boolean)
                ],
                others: Others::Refused,
            })
        );
        let map = build(json!({"type": "object", "additionalProperties": {"type": "integer", "format": "int32"}}));
        assert_eq!(
            map,
            Rule::Object(ObjectRule {
                required: vec![],
                min_properties: None,
                properties: vec![],
                others: Others::Each(Box::new(Rule::Integer {
                    width: Some(IntegerType::I32),
                    bounds: Bounds::default()
                })),
            })
        );
        let unbounded = Bounds::default();
        assert_eq!(
            build(json!({"type": "number", "format": "float"})),
            Rule::Number { single: true, bounds: unbounded }
        );
        assert_eq!(
            build(json!({"type": "number", "format": "double"})),
            Rule::Number { single: false, bounds: unbounded }
        );
        assert_eq!(
            build(json!({"nullable": true, "oneOf": [{"$ref": "#/components/schemas/Priv"}]})),
            Rule::Nullable(Box::new(Rule::Named("Priv".into()))),
            "a nullable reference"
        );
        let int = |low, high| Rule::Integer { width: None, bounds: Bounds { low, high } };
        assert_eq!(
            build(json!({"type": "integer", "minimum": 1, "maximum": 1000})),
            int(Some(Limit::Int(1)), Some(Limit::Int(1000)))
        );
        assert_eq!(
            build(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 9.5})),
            int(Some(Limit::Int(1)), Some(Limit::Int(9))),
            "an integer's exclusive and fractional bounds are the integers inside"
        );
        assert_eq!(
            build(json!({"type": "integer", "maximum": 10.0, "exclusiveMaximum": true})),
            int(None, Some(Limit::Int(9)))
        );
        let Rule::Number { bounds, .. } = build(json!({"type": "number", "minimum": -1.5, "maximum": 2})) else {
            panic!()
        };
        assert_eq!(bounds, Bounds { low: Some(Limit::Float(-1.5)), high: Some(Limit::Int(2)) });
        let holds = |n: Value| bounds.hold(n.as_number().unwrap());
        assert!(holds(json!(-1.5)) && holds(json!(2)) && holds(json!(0)) && !holds(json!(2.01)) && !holds(json!(-2)));
        assert_eq!(
            build(json!({"type": "array", "minItems": 1, "items": {"type": "string"}})),
            Rule::Array { items: Box::new(Rule::String(None)), non_empty: true }
        );
        let tagged = build(json!({"oneOf": [
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["A"]}}},
            {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["B"]}}}]}));
        let Rule::Tagged { tag, variants } = tagged else { panic!("{tagged:?}") };
        assert_eq!(
            (tag.as_str(), variants.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>()),
            ("kind", vec!["A", "B"])
        );
    }
}
