//! The zone offers one method per operation of the spec, named after its
//! operationId (the adapter to the server traits relies on it).

#[test]
fn every_operation_id_of_the_spec_has_a_method() {
    let root = env!("CARGO_MANIFEST_DIR");
    let spec: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(format!("{root}/../spec/onezone.yaml")).unwrap()).unwrap();
    let sources: String = ["user", "group", "handle_service"]
        .iter()
        .map(|m| std::fs::read_to_string(format!("{root}/src/ops/{m}.rs")).unwrap())
        .collect();
    let mut ids = Vec::new();
    for (_, item) in spec["paths"].as_mapping().unwrap() {
        for (_, op) in item.as_mapping().unwrap() {
            ids.push(op["operationId"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(ids.len(), 44);
    let missing: Vec<&String> = ids.iter().filter(|id| !sources.contains(&format!("pub fn {id}("))).collect();
    assert!(missing.is_empty(), "no method for {missing:?}");
    assert_eq!(sources.matches("    pub fn ").count(), 44, "one public method per operation, no more");
}
