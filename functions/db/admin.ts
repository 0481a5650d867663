import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { db } from './client';
import { tableDefinition } from './table';

/** Creates the table (local runs and tests only; in AWS the CloudFormation stack owns it). */
export async function createTable(name: string): Promise<void> {
  try {
    await db().send(new CreateTableCommand(tableDefinition(name)));
  } catch (err) {
    // A retried CreateTable (the first attempt timed out on a busy machine but went through) finds the table
    // already there: that is the table we asked for, so wait for it like any other.
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  }
  for (let i = 0; i < 50; i++) {
    const d = await db().send(new DescribeTableCommand({ TableName: name }));
    if (d.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await db().send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
}

export async function deleteTable(name: string): Promise<void> {
  await db().send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
}
