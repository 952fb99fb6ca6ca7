// The reference side of the Avro differential test: Apicurio's Kafka Connect AvroConverter (a fork
// of Confluent's Avro mapping, writing Confluent's wire format against the same registry) turns
// the corpus's Connect data into bytes and back, and reads bytes written by our converter.
//
//   java ApicurioAvroHarness <registry v2 URL>         cases as JSON lines on stdin, one result per line
//   java ApicurioAvroHarness <registry v2 URL> bench   one JSON job on stdin: records/s of
//                                                       Avro → AvroConverter → SMT chain → AvroConverter
//
// A case is {"id", "op": "write", "topic", "isKey", "strategy", "data": <JsonConverter envelope>}
// (answered with the bytes, the schema id and the Connect data read back) or
// {"id", "op": "read", "topic", "isKey", "strategy", "bytes": <base64>} (answered with the data).
// Connect data is built and printed with ConformanceHarness's helpers, so both harnesses and our
// side share one neutral form.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apicurio.registry.utils.converter.AvroConverter;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class ApicurioAvroHarness {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Map<String, AvroConverter<Object>> CONVERTERS = new HashMap<>();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length > 1 && args[1].equals("bench")) {
            StringBuilder job = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) job.append(line);
            out.println(MAPPER.writeValueAsString(bench(url, MAPPER.readTree(job.toString()))));
            out.flush();
            return;
        }
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            JsonNode testCase = MAPPER.readTree(line);
            ObjectNode result = NODES.objectNode();
            result.put("id", testCase.path("id").asText());
            try {
                result.set("ok", run(url, testCase));
            } catch (Throwable t) {
                result.set("error", ConformanceHarness.error(t));
            }
            out.println(MAPPER.writeValueAsString(result));
        }
        out.flush();
    }

    /** Apicurio's names for Confluent's subject name strategies. */
    private static String strategyClass(String strategy) {
        switch (strategy) {
            case "record": return "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy";
            case "topicRecord": return "io.apicurio.registry.serde.avro.strategy.TopicRecordIdStrategy";
            default: return "io.apicurio.registry.serde.strategy.TopicIdStrategy";
        }
    }

    private static AvroConverter<Object> converter(String url, boolean isKey, String strategy) {
        return CONVERTERS.computeIfAbsent(isKey + "/" + strategy, k -> {
            AvroConverter<Object> converter = new AvroConverter<>();
            converter.configure(config(url, strategy), isKey);
            return converter;
        });
    }

    /** Confluent's wire format with the ids Confluent's API gives out, auto-registering. */
    private static Map<String, Object> config(String url, String strategy) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", url);
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.as-confluent", "true");
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.artifact-resolver-strategy", strategyClass(strategy));
        return config;
    }

    /** Warm caches on both converters, then process CPU time per record, as ConformanceHarness's bench. */
    private static ObjectNode bench(String url, JsonNode job) throws Exception {
        AvroConverter<Object> in = converter(url, false, "topic");
        AvroConverter<Object> out = new AvroConverter<>();
        out.configure(config(url, "topic"), false);
        List<ConformanceHarness.Stage> stages = ConformanceHarness.stages(job.get("stages"));
        String topic = job.path("topic").asText();
        List<byte[]> records = new ArrayList<>();
        for (JsonNode r : job.get("records")) records.add(Base64.getDecoder().decode(r.asText()));
        long warmupNanos = (long) (job.path("warmupSeconds").asDouble(3) * 1e9);
        long measureNanos = (long) (job.path("measureSeconds").asDouble(5) * 1e9);
        runFor(warmupNanos, topic, in, out, stages, records);
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long[] measured = runFor(measureNanos, topic, in, out, stages, records);
        long cpuNanos = os.getProcessCpuTime() - cpuStart;
        ObjectNode result = NODES.objectNode();
        result.put("records", measured[0]);
        result.put("bytesOut", measured[2]);
        result.put("recordsPerSecond", measured[0] / (measured[1] / 1e9));
        result.put("recordsPerCpuSecond", measured[0] / (cpuNanos / 1e9));
        return result;
    }

    private static long[] runFor(long nanos, String topic, AvroConverter<Object> in, AvroConverter<Object> out,
                                 List<ConformanceHarness.Stage> stages, List<byte[]> records) {
        long start = System.nanoTime();
        long count = 0;
        long bytesOut = 0;
        long elapsed;
        int size = records.size();
        do {
            for (int i = 0; i < 1000; i++) {
                SchemaAndValue value = in.toConnectData(topic, records.get((int) (count % size)));
                SinkRecord record = new SinkRecord(topic, 0, null, null, value.schema(), value.value(), count,
                    1_700_000_000_000L + count, TimestampType.CREATE_TIME);
                SinkRecord result = ConformanceHarness.applyChain(stages, record);
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

    private static JsonNode run(String url, JsonNode testCase) throws Exception {
        String topic = testCase.path("topic").asText("topic");
        AvroConverter<Object> converter =
            converter(url, testCase.path("isKey").asBoolean(false), testCase.path("strategy").asText("topic"));
        if (testCase.path("op").asText().equals("read")) {
            byte[] bytes = Base64.getDecoder().decode(testCase.path("bytes").asText());
            SchemaAndValue data = converter.toConnectData(topic, bytes);
            return ConformanceHarness.data(data.schema(), data.value());
        }
        SchemaAndValue input = ConformanceHarness.buildData(testCase.get("data"));
        byte[] bytes = converter.fromConnectData(topic, input.schema(), input.value());
        ObjectNode result = NODES.objectNode();
        if (bytes == null) {
            result.putNull("bytes");
            return result;
        }
        result.put("bytes", Base64.getEncoder().encodeToString(bytes));
        result.put("schemaId", ByteBuffer.wrap(bytes, 1, 4).getInt());
        SchemaAndValue back = converter.toConnectData(topic, bytes);
        result.set("roundTrip", ConformanceHarness.data(back.schema(), back.value()));
        return result;
    }
}
