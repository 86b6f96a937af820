import kafkajs, { type Assigner, type PartitionAssigner } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/**
 * kafkajs's round-robin assignment, but every member gets an entry in SyncGroup, even one with no partitions.
 *
 * Why: kafkajs's RoundRobinAssigner leaves members without partitions out of the leader's SyncGroup request.
 * Kafka brokers then hand those members an empty assignment, but librdkafka's mock cluster waits for an assignment
 * for every member, times the sync out and rebalances again, forever (seen with 2 members on a 1-partition topic).
 * Same protocol name and version as kafkajs's, and the same partition layout, so it interoperates with plain
 * kafkajs members in one group.
 */
export const allMembersRoundRobin: PartitionAssigner = ({ cluster }): Assigner => ({
  name: 'RoundRobinAssigner',
  version: 0,
  async assign({ members, topics }) {
    const sorted = members.map((m) => m.memberId).sort();
    const assignment: Record<string, Record<string, number[]>> = {};
    for (const id of sorted) assignment[id] = {};
    const partitions = topics.flatMap((topic) =>
      cluster.findTopicPartitionMetadata(topic).map((m) => ({ topic, partition: m.partitionId })),
    );
    partitions.forEach(({ topic, partition }, i) => {
      const own = assignment[sorted[i % sorted.length]!]!;
      (own[topic] ??= []).push(partition);
    });
    return sorted.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: assignment[memberId]!,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: 'RoundRobinAssigner',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
