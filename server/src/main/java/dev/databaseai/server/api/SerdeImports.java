package dev.databaseai.server.api;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.server.query.Outcome;
import io.micronaut.serde.annotation.SerdeImport;

/** Lets the JSON layer write the schema model and diagnoses of the plugin-free modules. */
@SerdeImport(SchemaSnapshot.class)
@SerdeImport(Table.class)
@SerdeImport(Column.class)
@SerdeImport(ForeignKey.class)
@SerdeImport(Diagnosis.class)
@SerdeImport(Outcome.Rows.class)
@SerdeImport(Outcome.ResultColumn.class)
final class SerdeImports {
  private SerdeImports() {}
}
