using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Conveyor.Diagnostics;

/// <summary>
/// Listens to a node's <c>Conveyor</c> meter and writes what it measured in the Prometheus text format (version 0.0.4):
/// counters as <c>_total</c> sums, histograms as cumulative <c>_bucket</c>s with <c>_sum</c> and <c>_count</c>, gauges
/// as their latest observation. Names follow the OpenTelemetry convention: dots become underscores and the unit is a
/// suffix (<c>conveyor.job.duration</c> in seconds is <c>conveyor_job_duration_seconds</c>). Counts start when it is
/// created; dispose it to stop listening.
/// </summary>
public sealed class PrometheusText : IDisposable
{
    private static readonly double[] Bounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Family> _families = new(StringComparer.Ordinal);

    /// <summary>Starts listening to the instruments of <paramref name="metrics"/> (this node's <c>Conveyor</c> meter).</summary>
    public PrometheusText(ConveyorMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    /// <summary>The media type of what <see cref="Write"/> writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Observes the gauges now, then writes every family.</summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_gate)
        {
            foreach (var family in _families.Values.Where(f => f.IsGauge))
            {
                family.Series.Clear();
            }
        }

        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            foreach (var (name, family) in _families)
            {
                family.WriteTo(writer, name);
            }
        }
    }

    /// <summary>What <see cref="Write"/> writes, as a string.</summary>
    public override string ToString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer);
        return writer.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_families.TryGetValue(Name(instrument), out var family))
            {
                _families[Name(instrument)] = family = new Family(instrument);
            }

            family.Add(labels, value);
        }
    }

    private static string Name(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        return name + unit + (instrument is Counter<long> ? "_total" : "");
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            pairs.Add($"{key}=\"{Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One metric family: its type, help and a series per label set.</summary>
    private sealed class Family(Instrument instrument)
    {
        private readonly string _type = instrument switch
        {
            Counter<long> => "counter",
            Histogram<double> => "histogram",
            _ => "gauge",
        };

        public bool IsGauge => _type == "gauge";

        public SortedDictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public void Add(string labels, double value)
        {
            if (!Series.TryGetValue(labels, out var series))
            {
                Series[labels] = series = new Series();
            }

            switch (_type)
            {
                case "counter":
                    series.Sum += value;
                    break;
                case "histogram":
                    series.Observe(value);
                    break;
                default:
                    series.Sum = value;
                    break;
            }
        }

        public void WriteTo(TextWriter writer, string name)
        {
            if (Series.Count == 0)
            {
                return;
            }

            var sb = new StringBuilder();
            sb.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description?.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            sb.Append("# TYPE ").Append(name).Append(' ').Append(_type).Append('\n');
            foreach (var (labels, series) in Series)
            {
                if (_type == "histogram")
                {
                    for (var i = 0; i <= Bounds.Length; i++)
                    {
                        var le = i < Bounds.Length ? Number(Bounds[i]) : "+Inf";
                        sb.Append(name).Append("_bucket{").Append(labels).Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append("\"} ")
                            .Append(series.Cumulative(i)).Append('\n');
                    }

                    sb.Append(name).Append("_sum").Append(Braced(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
                    sb.Append(name).Append("_count").Append(Braced(labels)).Append(' ').Append(series.Count).Append('\n');
                }
                else
                {
                    sb.Append(name).Append(Braced(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
                }
            }

            writer.Write(sb.ToString());
        }

        private static string Braced(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }

    /// <summary>One label set's value: a sum (counter), the latest value (gauge), or a histogram's buckets.</summary>
    private sealed class Series
    {
        private long[]? _buckets;

        public double Sum { get; set; }

        public long Count { get; private set; }

        public void Observe(double value)
        {
            _buckets ??= new long[Bounds.Length + 1];
            var i = 0;
            while (i < Bounds.Length && value > Bounds[i])
            {
                i++;
            }

            _buckets[i]++;
            Sum += value;
            Count++;
        }

        public long Cumulative(int upTo)
        {
            long total = 0;
            for (var i = 0; i <= upTo; i++)
            {
                total += _buckets![i];
            }

            return total;
        }
    }
}
