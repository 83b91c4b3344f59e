import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadDatabaseEnv, readProcessEnv } from '../config/load-config';
import { buildDataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:run`, `migration:generate`): needs DATABASE_URL only. */
const dataSource = new DataSource(buildDataSourceOptions(loadDatabaseEnv(readProcessEnv()).DATABASE_URL));
export default dataSource;
