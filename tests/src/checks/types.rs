//! Check 1, types: every example of the spec deserializes into the shared
//! Rust type of its schema (`onezone_types::X`, through the generated
//! `round_trip`) and serializes back to the same JSON.

use crate::checks::json_diff;
use crate::generated::round_trip;
use crate::matrix::{Cell, Checker};
use crate::spec::{Example, Owner, Spec, Target};

/// One cell per operation (its own examples and those of the shared
/// responses it refers to), and one for the examples under `components`.
pub fn run(spec: &Spec) -> (Vec<Cell>, Cell) {
    let cells = spec
        .operations
        .iter()
        .map(|op| {
            let mut c = Checker::new();
            for example in spec.examples_of(&Owner::Operation(op.id.clone())) {
                check_example(&mut c, example);
            }
            for response in op.errors() {
                match &response.content {
                    Some(Ok(content)) => match content.schema.component() {
                        Ok(schema) => {
                            for example in &content.examples {
                                check_value(&mut c, &example.pointer, schema, &example.value);
                            }
                        }
                        Err(e) => c.fail(e),
                    },
                    Some(Err(e)) => c.fail(e.clone()),
                    None => {}
                }
            }
            c.cell()
        })
        .collect();
    let mut shared = Checker::new();
    for example in spec.examples_of(&Owner::Components) {
        check_example(&mut shared, example);
    }
    (cells, shared.cell())
}

fn check_example(c: &mut Checker, example: &Example) {
    match &example.target {
        Target::Schema(schema) => check_value(c, &example.pointer, schema, &example.value),
        Target::Scalar => {}
        Target::Unchecked(why) => c.fail(why.clone()),
    }
}

/// `value` → `schema`'s Rust type → JSON must give `value` back.
pub fn check_value(c: &mut Checker, pointer: &str, schema: &str, value: &serde_json::Value) {
    c.check(match round_trip(schema, value.clone()) {
        Ok(back) => match json_diff(value, &back) {
            None => Ok(()),
            Some(diff) => Err(format!("{pointer}: does not survive a round trip through {schema}: {diff}")),
        },
        Err(e) => Err(format!("{pointer}: does not decode into {schema}: {e}")),
    });
}
