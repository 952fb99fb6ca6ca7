// Prints what Confluent's TimeBasedPartitioner computes with Joda-Time, one line per input line:
// "<path.format>\t<timezone>\t<locale>\t<partition.duration.ms>\t<timestamp>" →
// the encoded partition, or "ERR:<message>" where Joda refuses the pattern or the zone id.
// It produced test/unit/connectors/s3/fixtures/joda-time-partitions.json (Joda-Time 2.15.1):
//   javac -cp joda-time-2.15.1.jar JodaPartitionOracle.java
//   java -cp joda-time-2.15.1.jar:. JodaPartitionOracle < cases.tsv
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Locale;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.joda.time.format.DateTimeFormat;
import org.joda.time.format.DateTimeFormatter;

public class JodaPartitionOracle {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] field = line.split("\t", -1);
      try {
        DateTimeZone zone = DateTimeZone.forID(field[1]);
        DateTimeFormatter format =
            DateTimeFormat.forPattern(field[0]).withZone(zone).withLocale(new Locale(field[2]));
        long duration = Long.parseLong(field[3]);
        long local = zone.convertUTCToLocal(Long.parseLong(field[4]));
        long bucket = zone.convertLocalToUTC((local / duration) * duration, false);
        out.println(new DateTime(bucket).toString(format));
      } catch (Exception e) {
        out.println("ERR:" + e.getMessage());
      }
    }
  }
}
