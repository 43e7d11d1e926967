import 'server-only';
import { getConnection } from '@/db';

try {
  getConnection();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
