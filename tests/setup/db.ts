import { inject } from 'vitest';
import { createTable, deleteTable } from '../../functions/db/admin';

/** Points this test file at its own fresh table in the shared DynamoDB Local engine. */
export async function useFreshTable(): Promise<{ name: string; drop: () => Promise<void> }> {
  process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
  process.env.STAGE = 'local';
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  process.env.TABLE_NAME = name;
  await createTable(name);
  return { name, drop: () => deleteTable(name) };
}
