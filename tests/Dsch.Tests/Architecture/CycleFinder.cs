namespace Dsch.Tests.Architecture;

/// <summary>Cycles of a directed graph, and an order of its nodes in which every edge points back (lowest first).</summary>
public static class CycleFinder
{
    /// <summary>
    /// One cycle per strongly connected component of more than one node (Tarjan): the shortest path from the
    /// component's first node (ordinal order) back to itself, e.g. <c>[A, B, C, A]</c>. Empty when the graph has none;
    /// a node's edge to itself is not counted.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected(graph).Where(c => c.Count > 1))
        {
            var members = component.ToHashSet();
            var start = component.Min(StringComparer.Ordinal)!;
            cycles.Add(ShortestReturn(graph, start, members));
        }
        return cycles;
    }

    /// <summary>The nodes, each after every node it has an edge to (lowest first, ties in ordinal order); null when there is a cycle.</summary>
    public static IReadOnlyList<string>? LayerOrder(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var nodes = Nodes(graph);
        var order = new List<string>();
        var placed = new HashSet<string>();
        while (order.Count < nodes.Count)
        {
            var next = nodes.Where(n => !placed.Contains(n) && Targets(graph, n).All(t => t == n || placed.Contains(t)))
                            .Order(StringComparer.Ordinal).FirstOrDefault();
            if (next is null) return null;
            order.Add(next);
            placed.Add(next);
        }
        return order;
    }

    static IReadOnlyCollection<string> Targets(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph, string node) =>
        graph.TryGetValue(node, out var targets) ? targets : [];

    static List<string> Nodes(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph) =>
        graph.Keys.Concat(graph.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();

    static List<List<string>> StronglyConnected(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in Targets(graph, node))
            {
                if (!index.ContainsKey(target)) { Visit(target); low[node] = Math.Min(low[node], low[target]); }
                else if (onStack.Contains(target)) low[node] = Math.Min(low[node], index[target]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != node);
            components.Add(component);
        }
        foreach (var node in Nodes(graph))
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }

    /// <summary>Breadth-first from <paramref name="start"/> inside its component until an edge leads back to it.</summary>
    static List<string> ShortestReturn(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph, string start, HashSet<string> members)
    {
        var parent = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var target in Targets(graph, node).Where(t => t != node && members.Contains(t)).Order(StringComparer.Ordinal))
            {
                if (target == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = parent[at]) path.Add(at);
                    path.Add(start);
                    path.Reverse();
                    return path;
                }
                if (parent.TryAdd(target, node)) queue.Enqueue(target);
            }
        }
        throw new InvalidOperationException($"{start} is in a strongly connected component but no path returns to it");
    }
}
