namespace Conveyor.Health;

/// <summary>
/// The hysteresis of alerts: given each evaluation's findings, says which alerts fire (a finding seen
/// <c>fireAfter</c> times in a row) and which resolve (a firing one missing <c>resolveAfter</c> times in a row). Each
/// alert fires once and resolves once; in between it stays firing whatever the findings do.
/// </summary>
internal sealed class AlertTracker(int fireAfter, int resolveAfter)
{
    private readonly Dictionary<(string Rule, string Subject), State> _states = [];

    /// <summary>
    /// Makes <paramref name="firing"/> the alerts that fire (the store's, which another leader may have changed): those
    /// new to the tracker fire without an event and resolve as any other; firing ones not among them are forgotten
    /// without an event (they were resolved elsewhere). Findings not firing keep their count.
    /// </summary>
    public void Seed(IReadOnlyList<HealthFinding> firing)
    {
        var stored = firing.ToDictionary(f => (f.Rule, f.Subject));
        foreach (var key in _states.Where(p => p.Value.Firing && !stored.ContainsKey(p.Key)).Select(p => p.Key).ToList())
        {
            _states.Remove(key);
        }

        foreach (var (key, finding) in stored)
        {
            var state = _states.TryGetValue(key, out var s) ? s : _states[key] = new State { Last = finding };
            state.Firing = true;
        }
    }

    /// <summary>Whether the alert of <paramref name="rule"/> and <paramref name="subject"/> is firing.</summary>
    public bool IsFiring(string rule, string subject) => _states.TryGetValue((rule, subject), out var state) && state.Firing;

    /// <summary>Feeds one evaluation; returns the alerts that fired or resolved with it.</summary>
    public List<AlertEvent> Observe(IReadOnlyList<HealthFinding> findings, DateTimeOffset at)
    {
        var events = new List<AlertEvent>();
        var seen = findings.ToDictionary(f => (f.Rule, f.Subject));
        foreach (var (key, finding) in seen)
        {
            var state = _states.TryGetValue(key, out var s) ? s : _states[key] = new State();
            state.Missed = 0;
            state.Seen++;
            state.Last = finding;
            if (!state.Firing && state.Seen >= fireAfter)
            {
                state.Firing = true;
                events.Add(Event("firing", finding, at));
            }
        }

        foreach (var (key, state) in _states.Where(p => !seen.ContainsKey(p.Key)).ToList())
        {
            state.Seen = 0;
            state.Missed++;
            if (state.Firing && state.Missed >= resolveAfter)
            {
                events.Add(Event("resolved", state.Last!, at));
                _states.Remove(key);
            }
            else if (!state.Firing)
            {
                _states.Remove(key);
            }
        }

        return events;
    }

    private static AlertEvent Event(string status, HealthFinding finding, DateTimeOffset at) =>
        new(status, finding.Rule, finding.Subject, finding.Unhealthy ? "unhealthy" : "degraded", finding.Message, at);

    private sealed class State
    {
        public int Seen { get; set; }

        public int Missed { get; set; }

        public bool Firing { get; set; }

        public HealthFinding? Last { get; set; }
    }
}
