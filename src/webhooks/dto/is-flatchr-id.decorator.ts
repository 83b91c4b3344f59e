import { ValidationOptions, registerDecorator } from 'class-validator';
import { isFlatchrId } from '../../flatchr/flatchr-id';

/** An id as Flatchr sends it: a safe integer or a non-empty string. */
export function IsFlatchrId(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isFlatchrId',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be an integer or a non-empty string id', ...options },
      validator: { validate: (value: unknown) => isFlatchrId(value) },
    });
}
