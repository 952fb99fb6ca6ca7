// The reference side of the differential conformance tests: runs every case of the corpus through
// Apache Kafka Connect's own converters, transformations and predicates, and prints each outcome
// in a neutral JSON form that the TypeScript side produces too (see test/conformance/normalize.ts).
//
//   java ConformanceHarness batch   cases as JSON lines on stdin, one result line per case on stdout
//   java ConformanceHarness bench   one JSON job on stdin, records/s of convert → SMT chain → convert
//
// One JVM runs the whole corpus, so the start-up cost is paid once per test run.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public class ConformanceHarness {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "batch";
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (mode.equals("bench")) {
            StringBuilder job = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) job.append(line);
            out.println(MAPPER.writeValueAsString(bench(MAPPER.readTree(job.toString()))));
        } else {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) continue;
                JsonNode testCase = MAPPER.readTree(line);
                ObjectNode result = NODES.objectNode();
                result.put("id", testCase.path("id").asText());
                try {
                    result.set("ok", run(testCase));
                } catch (Throwable t) {
                    result.set("error", error(t));
                }
                out.println(MAPPER.writeValueAsString(result));
            }
        }
        out.flush();
    }

    private static JsonNode run(JsonNode testCase) throws Exception {
        String kind = testCase.path("kind").asText();
        switch (kind) {
            case "converter": return runConverter(testCase);
            case "headerConverter": return runHeaderConverter(testCase);
            case "transform": return runTransform(testCase);
            case "predicate": return runPredicate(testCase);
            case "chain": return runChain(testCase);
            case "pipeline": return runPipeline(testCase);
            default: throw new IllegalArgumentException("unknown case kind " + kind);
        }
    }

    // ---- converters ----------------------------------------------------------------------------

    private static JsonNode runConverter(JsonNode testCase) throws Exception {
        Converter converter = (Converter) instantiate(testCase.path("class").asText());
        converter.configure(config(testCase), testCase.path("isKey").asBoolean(false));
        String topic = testCase.path("topic").asText("topic");
        if (testCase.path("op").asText().equals("toConnect")) {
            SchemaAndValue data = converter.toConnectData(topic, null, bytes(testCase.get("input")));
            return data(data.schema(), data.value());
        }
        SchemaAndValue input = buildData(testCase.get("data"));
        return bytesResult(converter.fromConnectData(topic, null, input.schema(), input.value()));
    }

    private static JsonNode runHeaderConverter(JsonNode testCase) throws Exception {
        HeaderConverter converter = (HeaderConverter) instantiate(testCase.path("class").asText());
        Map<String, Object> config = config(testCase);
        config.put("converter.type", "header");
        converter.configure(config);
        String topic = testCase.path("topic").asText("topic");
        String key = testCase.path("headerKey").asText("header");
        if (testCase.path("op").asText().equals("toConnectHeader")) {
            SchemaAndValue data = converter.toConnectHeader(topic, key, bytes(testCase.get("input")));
            return data == null ? data(null, null) : data(data.schema(), data.value());
        }
        SchemaAndValue input = buildData(testCase.get("data"));
        return bytesResult(converter.fromConnectHeader(topic, key, input.schema(), input.value()));
    }

    // ---- transformations and predicates --------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static JsonNode runTransform(JsonNode testCase) throws Exception {
        Transformation<SinkRecord> transform = (Transformation<SinkRecord>) instantiate(testCase.path("class").asText());
        transform.configure(config(testCase));
        SinkRecord result = transform.apply(buildRecord(testCase.get("record")));
        return record(result);
    }

    @SuppressWarnings("unchecked")
    private static JsonNode runPredicate(JsonNode testCase) throws Exception {
        Predicate<SinkRecord> predicate = (Predicate<SinkRecord>) instantiate(testCase.path("class").asText());
        predicate.configure(config(testCase));
        ObjectNode result = NODES.objectNode();
        result.put("matches", predicate.test(buildRecord(testCase.get("record"))));
        return result;
    }

    /** Kafka's TransformationChain semantics: each stage runs when its predicate (xor negate) holds. */
    private static JsonNode runChain(JsonNode testCase) throws Exception {
        List<Stage> stages = stages(testCase.get("stages"));
        return record(applyChain(stages, buildRecord(testCase.get("record"))));
    }

    /**
     * The data path end to end: key and value bytes → converter → SMT chain → the same converter
     * back to bytes, headers through the header converter (a task's convert → transform → convert).
     */
    @SuppressWarnings("unchecked")
    private static JsonNode runPipeline(JsonNode testCase) throws Exception {
        JsonNode spec = testCase.get("converter");
        Converter keyConverter = (Converter) instantiate(spec.path("class").asText());
        keyConverter.configure(config(spec), true);
        Converter valueConverter = (Converter) instantiate(spec.path("class").asText());
        valueConverter.configure(config(spec), false);
        HeaderConverter headerConverter = null;
        if (testCase.hasNonNull("headerConverter")) {
            JsonNode h = testCase.get("headerConverter");
            headerConverter = (HeaderConverter) instantiate(h.path("class").asText());
            Map<String, Object> headerConfig = config(h);
            headerConfig.put("converter.type", "header");
            headerConverter.configure(headerConfig);
        }
        String topic = testCase.path("topic").asText("topic");
        SchemaAndValue key = keyConverter.toConnectData(topic, bytes(testCase.get("key")));
        SchemaAndValue value = valueConverter.toConnectData(topic, bytes(testCase.get("value")));
        Long timestamp = testCase.hasNonNull("timestamp") ? testCase.get("timestamp").asLong() : null;
        TimestampType type = timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME;
        SinkRecord record = new SinkRecord(topic, 0, key.schema(), key.value(), value.schema(), value.value(), 0,
            timestamp, type, new ConnectHeaders());
        SinkRecord result = applyChain(stages(testCase.get("stages")), record);
        ObjectNode out = NODES.objectNode();
        if (result == null) {
            out.put("dropped", true);
            return out;
        }
        out.put("topic", result.topic());
        if (result.timestamp() == null) out.putNull("timestamp");
        else out.put("timestamp", result.timestamp());
        out.set("key", bytesResult(keyConverter.fromConnectData(result.topic(), result.keySchema(), result.key())));
        out.set("value", bytesResult(valueConverter.fromConnectData(result.topic(), result.valueSchema(), result.value())));
        ArrayNode headers = out.putArray("headers");
        for (Header header : result.headers()) {
            ObjectNode h = headers.addObject();
            h.put("key", header.key());
            if (headerConverter == null) h.set("data", data(header.schema(), header.value()));
            else h.set("bytes", bytesResult(headerConverter.fromConnectHeader(result.topic(), header.key(), header.schema(), header.value())));
        }
        return out;
    }

    static final class Stage {
        Transformation<SinkRecord> transform;
        Predicate<SinkRecord> predicate;
        boolean negate;
    }

    @SuppressWarnings("unchecked")
    static List<Stage> stages(JsonNode specs) throws Exception {
        List<Stage> stages = new ArrayList<>();
        for (JsonNode spec : specs) {
            Stage stage = new Stage();
            stage.transform = (Transformation<SinkRecord>) instantiate(spec.path("class").asText());
            stage.transform.configure(config(spec));
            if (spec.hasNonNull("predicate")) {
                JsonNode p = spec.get("predicate");
                stage.predicate = (Predicate<SinkRecord>) instantiate(p.path("class").asText());
                stage.predicate.configure(config(p));
                stage.negate = spec.path("negate").asBoolean(false);
            }
            stages.add(stage);
        }
        return stages;
    }

    static SinkRecord applyChain(List<Stage> stages, SinkRecord record) {
        for (Stage stage : stages) {
            if (record == null) return null;
            if (stage.predicate == null || stage.negate ^ stage.predicate.test(record)) {
                record = stage.transform.apply(record);
            }
        }
        return record;
    }

    // ---- building inputs -----------------------------------------------------------------------

    private static Object instantiate(String className) throws Exception {
        return Class.forName(className).getDeclaredConstructor().newInstance();
    }

    private static Map<String, Object> config(JsonNode spec) {
        Map<String, Object> config = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = spec.path("config").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            config.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText());
        }
        return config;
    }

    private static byte[] bytes(JsonNode input) {
        if (input == null || input.isNull()) return null;
        if (input.has("base64")) return Base64.getDecoder().decode(input.get("base64").asText());
        return input.get("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonConverter dataBuilder;

    /** Connect data from its JsonConverter envelope form, {"schema": ..., "payload": ...}. */
    static SchemaAndValue buildData(JsonNode envelope) throws Exception {
        if (envelope == null || envelope.isNull()) return SchemaAndValue.NULL;
        if (dataBuilder == null) {
            dataBuilder = new JsonConverter();
            Map<String, Object> config = new HashMap<>();
            config.put("replace.null.with.default", "false");
            dataBuilder.configure(config, false);
        }
        return dataBuilder.toConnectData("data", MAPPER.writeValueAsBytes(envelope));
    }

    private static SinkRecord buildRecord(JsonNode spec) throws Exception {
        SchemaAndValue key = buildData(spec.get("key"));
        SchemaAndValue value = buildData(spec.get("value"));
        ConnectHeaders headers = new ConnectHeaders();
        for (JsonNode header : spec.path("headers")) {
            SchemaAndValue data = buildData(header.get("data"));
            headers.add(header.path("key").asText(), data.value(), data.schema());
        }
        Long timestamp = spec.hasNonNull("timestamp") ? spec.get("timestamp").asLong() : null;
        TimestampType type = timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME;
        return new SinkRecord(spec.path("topic").asText("topic"), spec.path("partition").asInt(0), key.schema(),
            key.value(), value.schema(), value.value(), spec.path("offset").asLong(0), timestamp, type, headers);
    }

    // ---- normalized outputs --------------------------------------------------------------------

    static ObjectNode error(Throwable t) {
        ObjectNode error = NODES.objectNode();
        error.put("class", t.getClass().getName());
        error.put("message", t.getMessage());
        return error;
    }

    private static ObjectNode bytesResult(byte[] bytes) {
        ObjectNode result = NODES.objectNode();
        if (bytes == null) {
            result.putNull("bytes");
            return result;
        }
        result.put("bytes", Base64.getEncoder().encodeToString(bytes));
        result.put("text", new String(bytes, StandardCharsets.UTF_8));
        return result;
    }

    static ObjectNode data(Schema schema, Object value) {
        ObjectNode result = NODES.objectNode();
        result.set("schema", schema(schema));
        result.set("value", value(value));
        return result;
    }

    private static JsonNode record(ConnectRecord<?> record) {
        ObjectNode result = NODES.objectNode();
        if (record == null) {
            result.put("dropped", true);
            return result;
        }
        result.put("topic", record.topic());
        if (record.kafkaPartition() == null) result.putNull("partition");
        else result.put("partition", record.kafkaPartition());
        if (record.timestamp() == null) result.putNull("timestamp");
        else result.put("timestamp", record.timestamp());
        result.set("keySchema", schema(record.keySchema()));
        result.set("key", value(record.key()));
        result.set("valueSchema", schema(record.valueSchema()));
        result.set("value", value(record.value()));
        ArrayNode headers = result.putArray("headers");
        for (Header header : record.headers()) {
            ObjectNode h = headers.addObject();
            h.put("key", header.key());
            h.set("schema", schema(header.schema()));
            h.set("value", value(header.value()));
        }
        return result;
    }

    static JsonNode schema(Schema schema) {
        if (schema == null) return NODES.nullNode();
        ObjectNode result = NODES.objectNode();
        result.put("type", schema.type().name());
        result.put("optional", schema.isOptional());
        if (schema.name() != null) result.put("name", schema.name());
        if (schema.version() != null) result.put("version", schema.version());
        if (schema.doc() != null) result.put("doc", schema.doc());
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            ObjectNode params = result.putObject("parameters");
            schema.parameters().forEach(params::put);
        }
        if (schema.defaultValue() != null) result.set("default", value(schema.defaultValue()));
        switch (schema.type()) {
            case STRUCT:
                ArrayNode fields = result.putArray("fields");
                for (Field field : schema.fields()) {
                    ObjectNode f = fields.addObject();
                    f.put("name", field.name());
                    f.set("schema", schema(field.schema()));
                }
                break;
            case MAP:
                result.set("keySchema", schema(schema.keySchema()));
                result.set("valueSchema", schema(schema.valueSchema()));
                break;
            case ARRAY:
                result.set("valueSchema", schema(schema.valueSchema()));
                break;
            default:
                break;
        }
        return result;
    }

    static JsonNode value(Object value) {
        if (value == null) return NODES.nullNode();
        if (value instanceof Boolean b) return NODES.booleanNode(b);
        if (value instanceof String s) return NODES.textNode(s);
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long)
            return NODES.numberNode(((Number) value).longValue());
        if (value instanceof Float f) return tagged("float32", floating(f.isNaN() || f.isInfinite(), f.toString()));
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) return tagged("float64", NODES.textNode(d.toString()));
            return floating(false, d.toString());
        }
        if (value instanceof byte[] bytes) return tagged("bytes", NODES.textNode(Base64.getEncoder().encodeToString(bytes)));
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return value(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            ObjectNode result = NODES.objectNode();
            result.put("decimal", decimal.unscaledValue().toString());
            result.put("scale", decimal.scale());
            return result;
        }
        if (value instanceof java.util.Date date) return tagged("date", NODES.numberNode(date.getTime()));
        if (value instanceof List<?> list) {
            ArrayNode result = NODES.arrayNode();
            for (Object item : list) result.add(value(item));
            return result;
        }
        if (value instanceof Map<?, ?> map) {
            List<ArrayNode> entries = new ArrayList<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                ArrayNode pair = NODES.arrayNode();
                pair.add(value(entry.getKey()));
                pair.add(value(entry.getValue()));
                entries.add(pair);
            }
            entries.sort(Comparator.comparing(pair -> pair.get(0).toString()));
            ArrayNode sorted = NODES.arrayNode();
            entries.forEach(sorted::add);
            return tagged("map", sorted);
        }
        if (value instanceof Struct struct) {
            ObjectNode fields = NODES.objectNode();
            for (Field field : struct.schema().fields()) fields.set(field.name(), value(struct.getWithoutDefault(field.name())));
            return tagged("struct", fields);
        }
        return tagged("unknown", NODES.textNode(value.getClass().getName() + ": " + value));
    }

    /**
     * Java's own spelling of a float or double (Float.toString keeps float precision), always a
     * float literal: an integer literal is a Long (or Byte, Short, Integer) to the comparison.
     */
    private static JsonNode floating(boolean special, String text) {
        // Raw text, not a BigDecimal: BigDecimal has no -0.0.
        return special ? NODES.textNode(text) : NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(text));
    }

    private static ObjectNode tagged(String tag, JsonNode content) {
        ObjectNode result = NODES.objectNode();
        result.set(tag, content);
        return result;
    }

    // ---- benchmark -----------------------------------------------------------------------------

    /** Records/s of bytes → JsonConverter → SMT chain → JsonConverter → bytes, after a warm-up. */
    private static ObjectNode bench(JsonNode job) throws Exception {
        JsonConverter in = new JsonConverter();
        JsonConverter out = new JsonConverter();
        // The converter config is the job's "config" object.
        Map<String, Object> converterConfig = config(job);
        in.configure(converterConfig, false);
        out.configure(converterConfig, false);
        List<Stage> stages = stages(job.get("stages"));
        List<byte[]> records = new ArrayList<>();
        for (JsonNode r : job.get("records")) records.add(Base64.getDecoder().decode(r.asText()));
        long warmupNanos = (long) (job.path("warmupSeconds").asDouble(3) * 1e9);
        long measureNanos = (long) (job.path("measureSeconds").asDouble(5) * 1e9);
        runFor(warmupNanos, in, out, stages, records);
        // Process CPU time, not only wall time: on a busy machine the wall clock also counts time
        // spent waiting for a core, the CPU time only the work (JIT and GC threads included).
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long[] measured = runFor(measureNanos, in, out, stages, records);
        long cpuNanos = os.getProcessCpuTime() - cpuStart;
        ObjectNode result = NODES.objectNode();
        result.put("records", measured[0]);
        result.put("bytesOut", measured[2]);
        result.put("recordsPerSecond", measured[0] / (measured[1] / 1e9));
        result.put("recordsPerCpuSecond", measured[0] / (cpuNanos / 1e9));
        return result;
    }

    private static long[] runFor(long nanos, JsonConverter in, JsonConverter out, List<Stage> stages, List<byte[]> records) {
        long start = System.nanoTime();
        long count = 0;
        long bytesOut = 0;
        long elapsed;
        int size = records.size();
        do {
            for (int i = 0; i < 1000; i++) {
                byte[] raw = records.get((int) (count % size));
                SchemaAndValue value = in.toConnectData("bench", raw);
                SinkRecord record = new SinkRecord("bench", 0, null, null, value.schema(), value.value(), count,
                    1_700_000_000_000L + count, TimestampType.CREATE_TIME);
                SinkRecord result = applyChain(stages, record);
                if (result != null) {
                    byte[] written = out.fromConnectData(result.topic(), result.valueSchema(), result.value());
                    bytesOut += written == null ? 0 : written.length;
                }
                count++;
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        return new long[] {count, elapsed, bytesOut};
    }
}
